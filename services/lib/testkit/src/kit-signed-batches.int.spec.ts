import {
  channelIdFor,
  conversationIdFor,
  DEFAULT_ORG_ID,
  eventIdFor,
  HEADER_BATCH,
  HEADER_SIGNATURE,
  type InboundMessageReceived,
  openEvent,
  signMessage,
  subjectOf,
} from "@cloudpa/contracts";
import { appendSigned, appendSignedBatch, ensureStreams } from "@cloudpa/kit";
import { headers } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestKeys, testKeys } from "./test-keys.js";
import { type TestNats, testNats } from "./test-nats.js";

function inbound(n: number): InboundMessageReceived {
  const channelId = channelIdFor(DEFAULT_ORG_ID, "whatsapp:+14155238886");
  const messageSid = `SM${n.toString(16).padStart(32, "0")}`;
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: eventIdFor("in", messageSid),
    orgId: DEFAULT_ORG_ID,
    occurredAt: "2026-12-03T07:00:00.000Z",
    channelId,
    conversationId: conversationIdFor(channelId, "whatsapp:+15551234567"),
    messageSid,
    accountSid: `AC${"a".repeat(32)}`,
    from: "whatsapp:+15551234567",
    to: "whatsapp:+14155238886",
    body: `hello ${n}`,
    media: [],
    receivedAt: "2026-12-03T07:00:00.000Z",
    extraParams: {},
  };
}

// Decision 030: appends of one turn share one signature; each message is still published, acked
// and deduplicated on its own, and opens with the keyring as any event does.
describe("appends signed in batches", () => {
  let nats: TestNats;
  let keys: TestKeys;
  beforeAll(async () => {
    nats = await testNats();
    keys = testKeys();
    await ensureStreams(nats.nc, nats.names, { duplicateWindowMs: 60_000, replicas: 1 });
  });
  afterAll(() => nats.cleanup());

  const stored = async (seq: number) => {
    const message = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq });
    if (!message) throw new Error(`no message at ${seq}`);
    return message;
  };

  it("given appends in one turn, stores each with its own ack under one signature, each opening", async () => {
    const events = [1, 2, 3, 4].map(inbound);
    const acks = await Promise.all(
      events.map((event) => appendSigned(nats.js, nats.names, event, keys.signing.ingress)),
    );
    expect(new Set(acks.map((ack) => ack.seq)).size).toBe(4);
    const messages = await Promise.all(acks.map((ack) => stored(ack.seq)));
    expect(messages.map((m) => m.header.get(HEADER_BATCH).split(" ")[0])).toEqual(["0/4", "1/4", "2/4", "3/4"]);
    expect(new Set(messages.map((m) => m.header.get(HEADER_SIGNATURE))).size).toBe(1);
    expect(messages.map((m) => openEvent(m.data, (name) => m.header.get(name), keys.keyring))).toEqual(events);
  });

  it("given a batch appended at once, deduplicates each message by its own id", async () => {
    const events = [10, 11, 12].map(inbound);
    const first = await Promise.all(appendSignedBatch(nats.js, nats.names, events, keys.signing.ingress));
    const again = await Promise.all(
      appendSignedBatch(nats.js, nats.names, [events[1] as InboundMessageReceived], keys.signing.ingress),
    );
    expect(again[0]).toMatchObject({ duplicate: true, seq: first[1]?.seq });
    const messages = await Promise.all(first.map((ack) => stored(ack.seq)));
    expect(messages.map((m) => openEvent(m.data, (name) => m.header.get(name), keys.keyring))).toEqual(events);
  });

  it("still opens an event signed on its own, as the streams hold from before batches", async () => {
    const event = inbound(20);
    const signed = signMessage(event, keys.signing.ingress);
    const hdrs = headers();
    for (const [name, value] of Object.entries(signed.headers)) hdrs.set(name, value);
    const ack = await nats.js.publish(subjectOf(nats.names, event), signed.data, { headers: hdrs });
    const message = await stored(ack.seq);
    expect(message.header.get(HEADER_BATCH)).toBe("");
    expect(openEvent(message.data, (name) => message.header.get(name), keys.keyring)).toEqual(event);
  });
});
