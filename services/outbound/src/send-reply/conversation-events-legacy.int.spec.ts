// A stream from before partitions (docs/decisions/019) keeps its events on subjects without the
// partition token: the outbound decides a reply from both formats.
import { randomUUID } from "node:crypto";
import { eventIdFor, type InboundMessageReceived, type ReplySent } from "@cloudpa/contracts";
import { appendLegacy } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, CHANNEL_NUMBER, type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";
import { ConversationEvents } from "./conversation-events.js";

describe("the outbound reads a conversation's events written before partitions", () => {
  let fixture: OutboundFixture;
  beforeAll(async () => {
    fixture = await outboundFixture();
  });
  afterAll(() => fixture?.close());

  it("opens the 24-hour window with an inbound message on the old subject, and sends the reply once", async () => {
    const customer = "whatsapp:+15550002001";
    const receivedAt = new Date(Date.now() - 2 * 3600_000).toISOString();
    const messageSid = `SM${randomUUID().replace(/-/g, "")}`;
    const conversationId = await fixture.customerWrote(customer, 30);
    const inbound: InboundMessageReceived = {
      type: "InboundMessageReceived",
      version: 1,
      eventId: eventIdFor("in", messageSid),
      orgId: fixture.orgId,
      occurredAt: receivedAt,
      channelId: fixture.channelId,
      conversationId,
      messageSid,
      accountSid: ACCOUNT_SID,
      from: customer,
      to: CHANNEL_NUMBER,
      body: "still there?",
      media: [],
      receivedAt,
      extraParams: {},
    };
    await appendLegacy(fixture.nats.js, fixture.nats.names, inbound, fixture.keys.signing.ingress);

    const command = fixture.sendReply(conversationId, "Yes!");
    const events = fixture.outbound.app.get(ConversationEvents);
    expect((await events.stateFor(command)).lastInboundAt).toBe(receivedAt);

    await fixture.publish(command);
    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplySent", commandId: command.commandId });
  });

  it("takes a reply recorded on the old subject as settled, also behind later replies on the new one", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550002002", 1);
    const first = fixture.sendReply(conversationId, "first");
    await fixture.publish(first);
    const sent = (await fixture.outcomeOf(first)) as ReplySent;

    // A reply an outbound of before partitions recorded, on the old subject.
    const old = fixture.sendReply(conversationId, "old");
    const oldReply: ReplySent = { ...sent, eventId: randomUUID(), commandId: old.commandId };
    await appendLegacy(fixture.nats.js, fixture.nats.names, oldReply, fixture.keys.signing.outbound);
    const events = fixture.outbound.app.get(ConversationEvents);
    expect((await events.stateFor(old)).settledCommands.has(old.commandId)).toBe(true);

    // A later reply on the new subject: the old one is no longer the last, and is still found.
    const later = fixture.sendReply(conversationId, "later");
    await fixture.publish(later);
    await fixture.outcomeOf(later);
    expect((await events.stateFor(old)).settledCommands.has(old.commandId)).toBe(true);

    const sentBefore = fixture.sim.sentMessages().length;
    await fixture.publish(old);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fixture.sim.sentMessages().length).toBe(sentBefore);
  });
});
