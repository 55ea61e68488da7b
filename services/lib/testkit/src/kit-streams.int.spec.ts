// The kit is tested here, through the test kit that every integration test uses.
import {
  channelIdFor,
  conversationIdFor,
  DEFAULT_ORG_ID,
  eventIdFor,
  type InboundMessageReceived,
  openEvent,
} from "@cloudpa/contracts";
import { appendSigned, ensureStreams } from "@cloudpa/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestKeys, testKeys } from "./test-keys.js";
import { type TestNats, testNats } from "./test-nats.js";

function inbound(messageSid: string): InboundMessageReceived {
  const channelId = channelIdFor(DEFAULT_ORG_ID, "whatsapp:+14155238886");
  const now = new Date().toISOString();
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: eventIdFor("in", messageSid),
    orgId: DEFAULT_ORG_ID,
    occurredAt: now,
    channelId,
    conversationId: conversationIdFor(channelId, "whatsapp:+15551234567"),
    messageSid,
    accountSid: `AC${"a".repeat(32)}`,
    from: "whatsapp:+15551234567",
    to: "whatsapp:+14155238886",
    body: "hello",
    media: [],
    receivedAt: now,
    extraParams: {},
  };
}

describe("streams and signed append", () => {
  let nats: TestNats;
  let keys: TestKeys;
  beforeAll(async () => {
    nats = await testNats();
    keys = testKeys();
  });
  afterAll(() => nats.cleanup());

  it("creates the streams and bucket idempotently, with the configured duplicate window", async () => {
    await ensureStreams(nats.nc, nats.names, { duplicateWindowMs: 60 * 60 * 1000, replicas: 1 });
    const events = await nats.jsm.streams.info(nats.names.eventsStream);
    expect(events.config.subjects).toEqual([nats.names.eventsSubjects]);
    expect(events.config.duplicate_window).toBe(60 * 60 * 1000 * 1_000_000);
    const commands = await nats.jsm.streams.info(nats.names.commandsStream);
    expect(commands.config.retention).toBe("workqueue");
    expect(await nats.kv.status()).toMatchObject({ bucket: nats.names.channelsBucket });
  });

  it("appends a signed event once, however often the same MessageSid is appended", async () => {
    const event = inbound(`SM${"1".repeat(32)}`);
    const acks = await Promise.all([1, 2, 3].map(() => appendSigned(nats.js, nats.names, event, keys.signing.ingress)));
    expect(new Set(acks.map((ack) => ack.seq)).size).toBe(1);
    expect(acks.filter((ack) => !ack.duplicate)).toHaveLength(1);

    const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq: acks[0]!.seq });
    if (!stored) throw new Error("appended event not found");
    const partition = nats.names.partitionOf(event.orgId);
    expect(stored.subject).toBe(
      `${nats.names.namespace}.evt.p${partition}.${event.orgId}.${event.conversationId}.inbound_received`,
    );
    expect(openEvent(stored.data, (name) => stored.header.get(name), keys.keyring)).toEqual(event);
  });
});
