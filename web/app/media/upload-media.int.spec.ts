import { randomUUID } from "node:crypto";
import { MEDIA_SIZE_LIMITS, openCommand } from "@cloudpa/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { mediaUploadedSchema } from "#app/api/api-schemas.ts";
import { sendToConversation } from "#app/api/messaging-api.server.ts";
import { seedCustomerConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { mediaStoreOf } from "./media-store.server.ts";
import { uploadMedia } from "./upload-media.server.ts";

let t: WebTestContext;
let ada: Account;
let adaToken: string;
let eve: Account;
let eveToken: string;
const conversationId = randomUUID();

beforeAll(async () => {
  t = await webTestContext();
  ada = await createAccount(t.web.db, { email: "ada@example.com", password: "a long password", businessName: "Ada" });
  eve = await createAccount(t.web.db, { email: "eve@example.com", password: "a long password", businessName: "Eve" });
  adaToken = await createApiToken(t.web.db, ada, "test");
  eveToken = await createApiToken(t.web.db, eve, "test");
  await seedCustomerConversation(t.web.db, {
    orgId: ada.orgId,
    conversationId,
    name: "Grace Hopper",
    messages: [{ id: randomUUID(), direction: "inbound", body: "Is the quote ready?", sentAt: new Date() }],
  });
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

function upload(token: string, file: File | undefined, field = "file") {
  const form = new FormData();
  if (file) form.set(field, file);
  return uploadMedia(
    t.web,
    new Request("http://web.test/api/v1/messaging/media", {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    }),
  );
}

function send(token: string, body: unknown, key = randomUUID()) {
  return sendToConversation(
    t.web,
    new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}/send`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
    }),
    conversationId,
  );
}

describe("POST /api/v1/messaging/media", () => {
  it("keeps a PDF in the org's part of the media store and answers 201 with its id, type and size", async () => {
    const response = await upload(adaToken, new File(["%PDF-1.4 the quote"], "quote.pdf", { type: "application/pdf" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { mediaId: string; contentType: string; size: number };
    expect(body).toMatchObject({ contentType: "application/pdf", size: 18 });
    // The answer is what the OpenAPI document says (MediaUploaded is generated from this schema).
    expect(mediaUploadedSchema.safeParse(body).success).toBe(true);
    const store = await mediaStoreOf(t.web);
    expect(await store.info({ orgId: ada.orgId, mediaId: body.mediaId })).toMatchObject({
      name: "quote.pdf",
      size: 18,
    });
    expect(await store.info({ orgId: eve.orgId, mediaId: body.mediaId })).toBeUndefined();
  });

  it("answers 413 over the kind's limit, naming it, and 415 for a type WhatsApp cannot send", async () => {
    const big = new File([new Uint8Array(MEDIA_SIZE_LIMITS.image + 1)], "big.jpg", { type: "image/jpeg" });
    const tooLarge = await upload(adaToken, big);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({
      error: { code: "MEDIA.TOO_LARGE", message: expect.stringContaining("5 MB") },
    });
    const exe = await upload(adaToken, new File(["MZ"], "setup.exe", { type: "application/x-msdownload" }));
    expect(exe.status).toBe(415);
    expect(await exe.json()).toMatchObject({ error: { code: "MEDIA.UNSUPPORTED_TYPE" } });
    expect((await upload(adaToken, undefined)).status).toBe(400);
  });
});

describe("POST /conversations/:id/send with mediaIds", () => {
  it("appends a SendReply carrying the stored files and the caption", async () => {
    const photo = (await (
      await upload(adaToken, new File([new Uint8Array(2048)], "roof.png", { type: "image/png" }))
    ).json()) as { mediaId: string };
    const pdf = (await (
      await upload(adaToken, new File(["%PDF-1.4"], "quote.pdf", { type: "application/pdf" }))
    ).json()) as { mediaId: string };
    const response = await send(adaToken, { mediaIds: [photo.mediaId, pdf.mediaId], text: "Your quote" });
    expect(response.status).toBe(202);
    const jsm = await jetstreamManager(t.nats.nc);
    const stored = await jsm.streams.getMessage(t.nats.names.commandsStream, {
      last_by_subj: t.nats.names.sendReplySubject(ada.orgId),
    });
    const command = openCommand(stored!.data, (name) => stored!.header.get(name), t.keys.keyring);
    expect(command).toMatchObject({
      type: "SendReply",
      text: "Your quote",
      media: [
        { mediaId: photo.mediaId, contentType: "image/png", size: 2048, name: "roof.png" },
        { mediaId: pdf.mediaId, contentType: "application/pdf", size: 8, name: "quote.pdf" },
      ],
    });
  });

  it("sends media without a caption", async () => {
    const pdf = (await (
      await upload(adaToken, new File(["%PDF-1.4"], "q.pdf", { type: "application/pdf" }))
    ).json()) as { mediaId: string };
    expect((await send(adaToken, { mediaIds: [pdf.mediaId] })).status).toBe(202);
  });

  it("never sends another org's media: its id is not found", async () => {
    const eves = (await (
      await upload(eveToken, new File(["%PDF-1.4"], "eve.pdf", { type: "application/pdf" }))
    ).json()) as { mediaId: string };
    const response = await send(adaToken, { mediaIds: [eves.mediaId] });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "MEDIA.NOT_FOUND" } });
  });

  it("refuses more than 10 files, duplicates, and a body mixing unknown fields", async () => {
    const ids = Array.from({ length: 11 }, () => randomUUID());
    expect((await send(adaToken, { mediaIds: ids })).status).toBe(400);
    const one = randomUUID();
    expect((await send(adaToken, { mediaIds: [one, one] })).status).toBe(400);
    expect((await send(adaToken, { mediaIds: [one], extra: 1 })).status).toBe(400);
    expect((await send(adaToken, { mediaIds: [] })).status).toBe(400);
  });
});
