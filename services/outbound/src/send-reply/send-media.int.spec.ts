import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { generateMediaUrlKey, mediaUrlKeySchema, type StoredMedia, verifyMediaPath } from "@cloudpa/contracts";
import { MediaStore } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

const keyText = generateMediaUrlKey();
const key = mediaUrlKeySchema.parse(keyText);

/**
 * A stand-in for the ingress's media route (services/ingress/src/media, tested there): the
 * signed path's object from the media store, else 404. It counts what Twilio fetched.
 */
function startMediaServer(store: () => MediaStore, fetched: string[]): Promise<Server> {
  const server = createServer(async (request, response) => {
    const ref = verifyMediaPath(key, request.url ?? "");
    const object = ref ? await store().get(ref) : undefined;
    if (!object) return response.writeHead(404).end("Not found");
    fetched.push(request.url ?? "");
    response.writeHead(200, {
      "content-type": object.media.contentType,
      "content-length": object.media.size,
      "content-disposition": `inline; filename="${object.media.name}"`,
    });
    Readable.fromWeb(object.data as NodeReadableStream<Uint8Array>).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("a reply with files, through the simulator", () => {
  let fixture: OutboundFixture;
  let server: Server;
  let store: MediaStore;
  const fetched: string[] = [];
  const photoBytes = new Uint8Array(200_000).map((_, i) => i % 253);
  const pdfBytes = new TextEncoder().encode("%PDF-1.4 the quote");

  beforeAll(async () => {
    server = await startMediaServer(() => store, fetched);
    const { port } = server.address() as AddressInfo;
    fixture = await outboundFixture({ env: { MEDIA_URL_KEY: keyText, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
    store = await MediaStore.open(fixture.nats.nc, fixture.nats.names);
  });
  afterAll(async () => {
    await fixture?.close();
    server?.close();
  });

  async function stored(name: string, contentType: string, bytes: Uint8Array): Promise<StoredMedia> {
    return store.put(fixture.orgId, { mediaId: crypto.randomUUID(), contentType, size: bytes.length, name }, bytes);
  }

  it("gives Twilio a signed URL per file; Twilio fetches both and ReplySent records them", async () => {
    const photo = await stored("roof.png", "image/png", photoBytes);
    const pdf = await stored("quote.pdf", "application/pdf", pdfBytes);
    const conversationId = await fixture.customerWrote("whatsapp:+15550004001", 1);
    const command = { ...fixture.sendReply(conversationId, "Your quote"), media: [photo, pdf] };
    await fixture.publish(command);
    const outcome = await fixture.outcomeOf(command);
    expect(outcome).toMatchObject({ type: "ReplySent", body: "Your quote", media: [photo, pdf] });

    const sent = () => fixture.sim.sentMessages().find((message) => message.body === "Your quote");
    await waitFor(() => sent()?.media.length === 2, { what: "Twilio (the simulator) fetched both files" });
    const message = sent()!;
    expect(message.mediaUrls).toHaveLength(2);
    for (const url of message.mediaUrls)
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/\d+\/[\w-]{43}$/);
    expect(message.media.map(({ contentType, filename, size }) => ({ contentType, filename, size }))).toEqual([
      { contentType: "image/png", filename: "roof.png", size: photoBytes.length },
      { contentType: "application/pdf", filename: "quote.pdf", size: pdfBytes.length },
    ]);
    const kept = await fetch(`${fixture.sim.url}${message.media[0]!.url}`);
    expect(new Uint8Array(await kept.arrayBuffer())).toEqual(photoBytes);
    expect(fetched).toHaveLength(2);
  });

  it("sends files without a caption (no Body)", async () => {
    const pdf = await stored("invoice.pdf", "application/pdf", pdfBytes);
    const conversationId = await fixture.customerWrote("whatsapp:+15550004002", 1);
    const command = { ...fixture.sendReply(conversationId, "placeholder"), text: "", media: [pdf] };
    await fixture.publish(command);
    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplySent", body: "", media: [pdf] });
    await waitFor(
      () => fixture.sim.sentMessages().some((m) => m.media[0]?.filename === "invoice.pdf" && m.body === ""),
      {
        what: "the captionless file on the phone",
      },
    );
  });
});
