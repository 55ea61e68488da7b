import { randomUUID } from "node:crypto";
import {
  conversationIdFor,
  eventIdFor,
  type InboundMediaStored,
  type InboundMessageReceived,
  inboundMediaIdFor,
  openEvent,
} from "@cloudpa/contracts";
import {
  appendSigned,
  eraseStoredMessages,
  MediaStore,
  mediaBucketStream,
  mediaRecordSubject,
  nextStoredMessage,
} from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CHANNEL_NUMBER,
  type OutboundFixture,
  outboundFixture,
} from "../testing/outbound-fixture.js";
import { copyRetryDelayMs, MediaKeeper } from "./media-keeper.js";

// The media keeper against the simulator: Twilio's Media resource with Basic auth (decision 021).
describe("the media keeper", () => {
  let fixture: OutboundFixture;
  let store: MediaStore;
  const photo = Buffer.alloc(120_000, 7);
  const pdf = Buffer.from("%PDF-1.4 a customer's invoice");

  /** What a test does once the keeper has stored a message's copies, before it checks the message (a hook). */
  let afterStored: (event: InboundMessageReceived) => Promise<void> = async () => undefined;

  beforeAll(async () => {
    fixture = await outboundFixture({ mediaKeeperHooks: { afterStored: (event) => afterStored(event) } });
    store = await MediaStore.open(fixture.nats.nc, fixture.nats.names);
  });
  afterAll(() => fixture?.close());

  async function customerSends(customer: string, media: { url: string; contentType: string }[], messageSid?: string) {
    const sid = messageSid ?? `MM${randomUUID().replace(/-/g, "")}`;
    const now = new Date().toISOString();
    const event: InboundMessageReceived = {
      type: "InboundMessageReceived",
      version: 1,
      eventId: eventIdFor("in", sid),
      orgId: fixture.orgId,
      occurredAt: now,
      channelId: fixture.channelId,
      conversationId: conversationIdFor(fixture.channelId, customer),
      messageSid: sid,
      accountSid: ACCOUNT_SID,
      from: customer,
      to: CHANNEL_NUMBER,
      body: "",
      media,
      receivedAt: now,
      extraParams: {},
    };
    await appendSigned(fixture.nats.js, fixture.nats.names, event, fixture.keys.signing.ingress);
    return event;
  }

  async function keptOf(messageSid: string): Promise<InboundMediaStored | undefined> {
    const stored = await fixture.nats.jsm.streams
      .getMessage(fixture.nats.names.eventsStream, {
        last_by_subj: `${fixture.nats.names.eventsSubjects.replace(">", "")}*.${fixture.orgId}.*.inbound_media_stored`,
      })
      .catch(() => undefined);
    if (!stored) return undefined;
    const event = openEvent(stored.data, (name) => stored.header.get(name), fixture.keys.keyring);
    return event.type === "InboundMediaStored" && event.messageSid === messageSid ? event : undefined;
  }

  const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`;

  /** The message's MediaUrls as Twilio's webhook writes them (api.twilio.com; TWILIO_API_BASE_URL plays it). */
  async function mediaUrlsOf(messageSid: string): Promise<string[]> {
    const base = `${fixture.sim.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${messageSid}/Media.json`;
    expect((await fetch(base)).status).toBe(401);
    const list = (await (await fetch(base, { headers: { authorization: basic } })).json()) as {
      media_list: { uri: string }[];
    };
    return list.media_list.map((media) => `https://api.twilio.com${media.uri.replace(/\.json$/, "")}`);
  }

  it("copies each item from Twilio's Media resource into the store and records InboundMediaStored", async () => {
    const customer = "whatsapp:+15550005001";
    const received = await fixture.sim.inbound({
      from: customer.replace("whatsapp:", ""),
      to: CHANNEL_NUMBER.replace("whatsapp:", ""),
      media: [
        { contentType: "image/jpeg", dataBase64: photo.toString("base64") },
        { contentType: "application/pdf", dataBase64: pdf.toString("base64"), filename: "invoice.pdf" },
      ],
    });
    const urls = await mediaUrlsOf(received.messageSid);
    expect(urls).toHaveLength(2);
    const event = await customerSends(
      customer,
      [
        { url: urls[0]!, contentType: "image/jpeg" },
        { url: urls[1]!, contentType: "application/pdf" },
      ],
      received.messageSid,
    );
    const kept = await waitFor(() => keptOf(event.messageSid), { what: "InboundMediaStored", timeoutMs: 20_000 });
    expect(kept.items.map(({ index, contentType, size }) => ({ index, contentType, size }))).toEqual([
      { index: 0, contentType: "image/jpeg", size: photo.length },
      { index: 1, contentType: "application/pdf", size: pdf.length },
    ]);
    const copy = await store.get({ orgId: fixture.orgId, mediaId: kept.items[1]!.mediaId });
    expect(Buffer.from(await new Response(copy!.data).arrayBuffer()).toString()).toBe(pdf.toString());
    // Another org's id finds nothing.
    expect(await store.info({ orgId: randomUUID(), mediaId: kept.items[1]!.mediaId })).toBeUndefined();
  });

  it("never fetches media from a host that is not Twilio's", async () => {
    let asked = 0;
    const { createServer } = await import("node:http");
    const elsewhere = createServer((_request, response) => {
      asked += 1;
      response.writeHead(200, { "content-type": "image/png" }).end("x");
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const { port } = elsewhere.address() as import("node:net").AddressInfo;
    const event = await customerSends("whatsapp:+15550005002", [
      {
        url: `http://127.0.0.1:${port}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM${"1".repeat(32)}/Media/ME${"2".repeat(32)}`,
        contentType: "image/png",
      },
    ]);
    // A later message with Twilio media is kept, so the keeper has passed the first one by then.
    const received = await fixture.sim.inbound({
      from: "+15550005003",
      to: CHANNEL_NUMBER.replace("whatsapp:", ""),
      media: [{ contentType: "image/png", dataBase64: Buffer.from("png").toString("base64") }],
    });
    const later = await customerSends(
      "whatsapp:+15550005003",
      [{ url: (await mediaUrlsOf(received.messageSid))[0]!, contentType: "image/png" }],
      received.messageSid,
    );
    await waitFor(() => keptOf(later.messageSid), { what: "the later message's media kept", timeoutMs: 20_000 });
    expect(asked).toBe(0);
    expect(event.media).toHaveLength(1);
    elsewhere.close();
  });

  it("erases what it stored when the contact's erasure erased the message meanwhile, and records nothing", async () => {
    const customer = "whatsapp:+15550005004";
    const conversationId = conversationIdFor(fixture.channelId, customer);
    const received = await fixture.sim.inbound({
      from: customer.replace("whatsapp:", ""),
      to: CHANNEL_NUMBER.replace("whatsapp:", ""),
      media: [{ contentType: "application/pdf", dataBase64: pdf.toString("base64"), filename: "quote.pdf" }],
    });
    const ref = { orgId: fixture.orgId, mediaId: inboundMediaIdFor(fixture.orgId, received.messageSid, 0) };
    const { jsm, names } = fixture.nats;
    // The erasure runs to its end between the keeper's store and its check: it walks the conversation's
    // events (erasing the message) and finds no object yet, as it would have a moment earlier.
    let erasedEvents = 0;
    let chunks: string | undefined;
    afterStored = async (event) => {
      if (event.messageSid !== received.messageSid) return;
      chunks = await store.chunksSubject(ref);
      for (const filter of names.conversationEventsFilters(fixture.orgId, conversationId))
        erasedEvents += await eraseStoredMessages(jsm, names.eventsStream, filter);
    };
    /** The keeper's outcomes so far (it handles one message at a time; the earlier tests' are counted). */
    const outcomes = async () => {
      const { values } = await fixture.outbound.app.get(MediaKeeper).copies.get();
      return {
        all: values.reduce((sum, value) => sum + value.value, 0),
        erased: values.find((value) => value.labels.outcome === "erased")?.value ?? 0,
      };
    };
    const before = await outcomes();
    try {
      const url = (await mediaUrlsOf(received.messageSid))[0]!;
      await customerSends(customer, [{ url, contentType: "application/pdf" }], received.messageSid);
      await waitFor(async () => (await outcomes()).all > before.all, {
        what: "the keeper done with it",
        timeoutMs: 20_000,
      });
    } finally {
      afterStored = async () => undefined;
    }
    expect((await outcomes()).erased).toBe(before.erased + 1);
    expect(chunks).toBeDefined();
    expect(erasedEvents).toBe(1);
    // Neither the file (its record and chunks, erased message by message) nor an InboundMediaStored naming it is left.
    expect(await store.info(ref)).toBeUndefined();
    for (const subject of [chunks ?? "", mediaRecordSubject(names, ref)])
      expect(await nextStoredMessage(jsm, mediaBucketStream(names), 1, subject), subject).toBeNull();
    expect(
      await nextStoredMessage(
        jsm,
        names.eventsStream,
        1,
        names.conversationEventsFilter(fixture.orgId, conversationId),
      ),
    ).toBeNull();
  });

  it("backs a failed copy off: 2 s, doubling per delivery, at most 5 minutes", async () => {
    expect(copyRetryDelayMs(1)).toBe(2000);
    expect(copyRetryDelayMs(3)).toBe(8000);
    expect(copyRetryDelayMs(30)).toBe(300_000);
  });
});
