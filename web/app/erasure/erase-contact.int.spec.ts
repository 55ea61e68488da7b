import { randomUUID } from "node:crypto";
import {
  type CloudpaEvent,
  commandIdFor,
  type InboundMediaStored,
  inboundMediaIdFor,
  openEvent,
  type SendReply,
} from "@cloudpa/contracts";
import {
  appendSigned,
  eraseStoredMessages,
  MediaStore,
  mediaBucketStream,
  mediaRecordSubject,
  nextStoredMessage,
} from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model/testing";
import { appendLegacy } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { seedConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { eraseContactResponse } from "./erasure-api.server.ts";

let t: WebTestContext;
let account: Account;
let token: string;
let readOnlyToken: string;
let contactId: string;
const f = eventFactory(randomUUID());
const customer = f.customer(5);
const conversationId = f.conversationOf(5);

beforeAll(async () => {
  t = await webTestContext();
  account = await createAccount(t.web.db, {
    email: "erase@example.com",
    password: "a long password",
    businessName: "Erase",
    orgId: f.orgId,
  });
  token = await createApiToken(t.web.db, account, "test");
  readOnlyToken = await createApiToken(t.web.db, account, "read only", { scopes: ["read"] });
  // The rows the projector would have written (no projector runs here: the record stays unprojected).
  await seedConversation(t.web.db, {
    orgId: f.orgId,
    channelId: f.channelId,
    channelNumber: f.channelNumber,
    conversationId,
    customer,
    name: "Customer 5",
    lastInboundAt: new Date(),
    messages: [{ id: randomUUID(), direction: "inbound", body: "message 1", sentAt: new Date() }],
  });
  const { rows } = await t.web.db.query("select contact_id from readmodel.conversation where id = $1", [
    conversationId,
  ]);
  contactId = rows[0].contact_id;
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

const erase = (bearer: string) =>
  eraseContactResponse(
    t.web,
    new Request(`http://web.test/api/v1/messaging/contacts/${contactId}/erase`, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({ confirm: customer.replace("whatsapp:", "") }),
    }),
    contactId,
  );

/** The events stored on the conversation's subjects, and the erasure records, in order. */
async function stored() {
  const jsm = await t.web.js.jetstreamManager();
  const found: { seq: number; type: string }[] = [];
  for (let seq = 1; ; ) {
    const message = await nextStoredMessage(jsm, t.nats.names.eventsStream, seq, t.nats.names.eventsSubjects);
    if (!message) return found;
    found.push({ seq: message.seq, type: JSON.parse(Buffer.from(message.data).toString("utf8")).type });
    seq = message.seq + 1;
  }
}

describe("erasing a contact again after an interruption", () => {
  it("refuses a token without the write scope and erases nothing", async () => {
    const events: CloudpaEvent[] = [f.inbound(1, 5, 1), f.inbound(2, 5, 2)];
    for (const event of events) await appendSigned(t.web.js, t.nats.names, event, t.keys.signing.ingress);
    // The last on its subject from before partitions (decision 019), as a migrated stream keeps it: erased too.
    await appendLegacy(t.web.js, t.nats.names, f.inbound(3, 5, 3), t.keys.signing.ingress);
    const response = await erase(readOnlyToken);
    expect(response.status).toBe(403);
    expect((await stored()).map((e) => e.type)).toEqual([
      "InboundMessageReceived",
      "InboundMessageReceived",
      "InboundMessageReceived",
    ]);
  });

  it("finishes a run stopped half-way through the stream, and a second run appends only another record", async () => {
    const command: SendReply = {
      type: "SendReply",
      version: 1,
      commandId: commandIdFor(f.orgId, "queued"),
      orgId: f.orgId,
      conversationId,
      text: "queued reply",
      requestedBy: account.userId,
      requestedAt: new Date().toISOString(),
    };
    await appendSigned(t.web.js, t.nats.names, command, t.keys.signing.web);
    // The first run erased the conversation's first event, then stopped (a crash, a deploy).
    const jsm = await t.web.js.jetstreamManager();
    const [first, second] = await stored();
    const interrupted = await eraseStoredMessages(
      jsm,
      t.nats.names.eventsStream,
      t.nats.names.conversationEventsFilter(f.orgId, conversationId),
      { beforeSeq: second?.seq ?? 0 },
    );
    expect(interrupted).toBe(1);
    expect((await stored()).map((e) => e.seq)).not.toContain(first?.seq);

    // An away message the auto-replier issued to this conversation, and one to another customer's.
    const otherConversation = f.conversationOf(6);
    for (const [commandId, conversation] of [
      [randomUUID(), conversationId],
      [randomUUID(), otherConversation],
    ])
      await t.web.db.query(
        `INSERT INTO app.auto_replies_issued (org_id, command_id, conversation_id, kind, trigger_event_id, requested_at)
         VALUES ($1, $2, $3, 'auto-reply:away', $4, now())`,
        [f.orgId, commandId, conversation, randomUUID()],
      );

    const rerun = await erase(token);
    expect(rerun.status).toBe(200);
    const ledger = await t.web.db.query("SELECT conversation_id FROM app.auto_replies_issued WHERE org_id = $1", [
      f.orgId,
    ]);
    expect(ledger.rows).toEqual([{ conversation_id: otherConversation }]);
    const outcome = (await rerun.json()) as { erased: Record<string, number>; recordSeq: number };
    expect(outcome.erased).toEqual({ events: 2, commands: 1, outboundRecords: 0 });
    const after = await stored();
    expect(after.map((e) => e.type)).toEqual(["ContactErased"]);
    const record = await jsm.streams.getMessage(t.nats.names.eventsStream, { seq: outcome.recordSeq });
    const opened = openEvent(record?.data ?? new Uint8Array(), (name) => record?.header.get(name), t.keys.keyring);
    expect(opened).toMatchObject({
      type: "ContactErased",
      orgId: f.orgId,
      contactId,
      conversationIds: [conversationId],
    });
    expect((await jsm.streams.info(t.nats.names.commandsStream)).state.messages).toBe(0);

    // Until the record is projected the contact is still listed: running again is harmless.
    const again = await erase(token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { erased: Record<string, number> }).erased).toEqual({
      events: 0,
      commands: 0,
      outboundRecords: 0,
    });
    expect((await stored()).map((e) => e.type)).toEqual(["ContactErased", "ContactErased"]);
  });
});

describe("erasing a contact's stored media (decision 021)", () => {
  it("deletes the kept inbound copy and the file sent to them, also when resumed, and keeps another contact's", async () => {
    const store = await MediaStore.open(t.web.nc, t.nats.names);
    const photo = randomUUID();
    const sent = randomUUID();
    const othersPhoto = randomUUID();
    for (const mediaId of [photo, sent, othersPhoto])
      await store.put(
        f.orgId,
        { mediaId, contentType: "image/jpeg", size: 3, name: `${mediaId}.jpg` },
        new Uint8Array([1, 2, 3]),
      );
    const seedWithMedia = async (n: number, messages: { direction: "inbound" | "outbound"; mediaId: string }[]) =>
      seedConversation(t.web.db, {
        orgId: f.orgId,
        channelId: f.channelId,
        channelNumber: f.channelNumber,
        conversationId: f.conversationOf(n),
        customer: f.customer(n),
        name: `Customer ${n}`,
        lastInboundAt: new Date(),
        messages: messages.map(({ direction, mediaId }) => ({
          id: randomUUID(),
          direction,
          body: "",
          sentAt: new Date(),
          media: [{ url: `https://media.example/${mediaId}`, contentType: "image/jpeg", mediaId }],
        })),
      });
    await seedWithMedia(6, [
      { direction: "inbound", mediaId: photo },
      { direction: "outbound", mediaId: sent },
    ]);
    await seedWithMedia(7, [{ direction: "inbound", mediaId: othersPhoto }]);
    const { rows } = await t.web.db.query("select contact_id from readmodel.conversation where id = $1", [
      f.conversationOf(6),
    ]);
    const erasedContact: string = rows[0].contact_id;
    const eraseSix = () =>
      eraseContactResponse(
        t.web,
        new Request(`http://web.test/api/v1/messaging/contacts/${erasedContact}/erase`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ confirm: f.customer(6).replace("whatsapp:", "") }),
        }),
        erasedContact,
      );
    const photoChunks = await store.chunksSubject({ orgId: f.orgId, mediaId: photo });
    // A first run deleted the sent file, then stopped: the rerun deletes what is left, a missing object is fine.
    expect(await store.delete({ orgId: f.orgId, mediaId: sent })).toBe(true);

    expect((await eraseSix()).status).toBe(200);
    expect(await store.info({ orgId: f.orgId, mediaId: photo })).toBeUndefined();
    expect(await store.info({ orgId: f.orgId, mediaId: sent })).toBeUndefined();
    expect(await store.get({ orgId: f.orgId, mediaId: photo })).toBeUndefined();
    expect((await store.info({ orgId: f.orgId, mediaId: othersPhoto }))?.size).toBe(3);
    // Erased, not only purged: neither the photo's chunks nor any record naming it is stored any more.
    const jsm = await t.web.js.jetstreamManager();
    const storedOn = (subject: string) => nextStoredMessage(jsm, mediaBucketStream(t.nats.names), 1, subject);
    expect(photoChunks).toBeDefined();
    expect(await storedOn(photoChunks ?? "")).toBeNull();
    for (const mediaId of [photo, sent])
      expect(await storedOn(mediaRecordSubject(t.nats.names, { orgId: f.orgId, mediaId }))).toBeNull();
    expect(await storedOn(mediaRecordSubject(t.nats.names, { orgId: f.orgId, mediaId: othersPhoto }))).not.toBeNull();
    // Until the record is projected the contact is still listed: running again deletes nothing more and fails nothing.
    expect((await eraseSix()).status).toBe(200);
    expect((await store.info({ orgId: f.orgId, mediaId: othersPhoto }))?.size).toBe(3);
  });
});

describe("a copy the media keeper stored while the contact was erased (decision 010, 'Stored media')", () => {
  /** Erases customer `n`'s contact through the API, as the user would. */
  async function eraseCustomer(n: number) {
    const { rows } = await t.web.db.query("select contact_id from readmodel.conversation where id = $1", [
      f.conversationOf(n),
    ]);
    const id: string = rows[0].contact_id;
    const response = await eraseContactResponse(
      t.web,
      new Request(`http://web.test/api/v1/messaging/contacts/${id}/erase`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ confirm: f.customer(n).replace("whatsapp:", "") }),
      }),
      id,
    );
    expect(response.status).toBe(200);
  }

  /** Customer `n`'s photo, as projected before the keeper's InboundMediaStored: Twilio's URL, no stored copy. */
  async function seedPhotoMessage(n: number, messageSid: string) {
    await seedConversation(t.web.db, {
      orgId: f.orgId,
      channelId: f.channelId,
      channelNumber: f.channelNumber,
      conversationId: f.conversationOf(n),
      customer: f.customer(n),
      name: `Customer ${n}`,
      lastInboundAt: new Date(),
      messages: [
        {
          id: randomUUID(),
          direction: "inbound",
          body: "",
          sentAt: new Date(),
          providerSid: messageSid,
          media: [{ url: `https://api.twilio.com/${messageSid}/Media/ME1`, contentType: "image/jpeg" }],
        },
      ],
    });
  }

  /** What the keeper does: the copy stored under the id that follows from the message. */
  async function keeperStores(messageSid: string) {
    const store = await MediaStore.open(t.web.nc, t.nats.names);
    const ref = { orgId: f.orgId, mediaId: inboundMediaIdFor(f.orgId, messageSid, 0) };
    await store.put(f.orgId, { ...ref, contentType: "image/jpeg", size: 3, name: "photo.jpg" }, new Uint8Array(3));
    return { store, ref };
  }

  async function storedOnBucket(ref: { orgId: string; mediaId: string }) {
    const jsm = await t.web.js.jetstreamManager();
    return nextStoredMessage(jsm, mediaBucketStream(t.nats.names), 1, mediaRecordSubject(t.nats.names, ref));
  }

  it("erases it when its InboundMediaStored is in the stream but not yet projected: the id follows from the message", async () => {
    const photo = f.inbound(801, 8, 1, {
      body: "",
      media: [{ url: `https://api.twilio.com/${f.sid("SM", 801)}/Media/ME1`, contentType: "image/jpeg" }],
    });
    await seedPhotoMessage(8, photo.messageSid);
    await appendSigned(t.web.js, t.nats.names, photo, t.keys.signing.ingress);
    const { store, ref } = await keeperStores(photo.messageSid);
    const kept: InboundMediaStored = {
      type: "InboundMediaStored",
      version: 1,
      eventId: randomUUID(),
      orgId: f.orgId,
      occurredAt: new Date().toISOString(),
      channelId: f.channelId,
      conversationId: f.conversationOf(8),
      messageSid: photo.messageSid,
      items: [{ ...ref, contentType: "image/jpeg", size: 3, name: "photo.jpg", index: 0 }],
      storedAt: new Date().toISOString(),
    };
    await appendSigned(t.web.js, t.nats.names, kept, t.keys.signing.outbound);

    await eraseCustomer(8);
    expect(await store.info(ref)).toBeUndefined();
    expect(await storedOnBucket(ref)).toBeNull();
  });

  it("erases it when a first run erased the events and stopped: the id follows from the read model's message", async () => {
    const messageSid = f.sid("SM", 901);
    await seedPhotoMessage(9, messageSid);
    const { store, ref } = await keeperStores(messageSid);

    await eraseCustomer(9);
    expect(await store.info(ref)).toBeUndefined();
    expect(await storedOnBucket(ref)).toBeNull();
  });
});
