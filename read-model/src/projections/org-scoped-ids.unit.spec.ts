import { commandIdFor, uuidv5 } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { inboundMessageIdFor } from "./message-ids.js";
import { changesOf, readModelDecider, rejectionsOf } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);

// Two orgs whose events carry the same MessageSids and commandIds (the factory derives them from n).
const alpha = eventFactory(uuidv5("org:alpha"));
const bravo = eventFactory(uuidv5("org:bravo"));

describe("ids of one org never collide with another's", () => {
  it("projects the same MessageSid in two orgs as two messages, one in each inbox", () => {
    const model = when(alpha.inbound(1, 7, 1), bravo.inbound(1, 7, 2));
    expect(rejectionsOf(model.decisions)).toEqual([]);
    expect(rowsOf(model.state.messages).map((m) => [m.orgId, m.id])).toEqual([
      [alpha.orgId, inboundMessageIdFor(alpha.orgId, alpha.sid("SM", 1))],
      [bravo.orgId, inboundMessageIdFor(bravo.orgId, bravo.sid("SM", 1))],
    ]);
    expect(rowsOf(model.state.conversations).map((c) => [c.orgId, c.unreadCount])).toEqual([
      [alpha.orgId, 1],
      [bravo.orgId, 1],
    ]);
  });

  it("applies a status to its own org's message only, and keeps another org's early status pending for it", () => {
    const sid = alpha.sid("SM", 1_000_001);
    const model = when(alpha.replySent(1, 7, 1), bravo.status(sid, 7, "read", 2), alpha.status(sid, 7, "delivered", 3));
    expect(rejectionsOf(model.decisions)).toEqual([]);
    expect(rowsOf(model.state.messages)).toEqual([
      expect.objectContaining({ orgId: alpha.orgId, status: "delivered" }),
    ]);
    expect(rowsOf(model.state.pendingStatuses)).toEqual([
      expect.objectContaining({ orgId: bravo.orgId, providerSid: sid, status: "read" }),
    ]);
    const later = when(bravo.status(sid, 7, "read", 2), alpha.replySent(1, 7, 3));
    expect(rowsOf(later.state.messages)).toEqual([expect.objectContaining({ orgId: alpha.orgId, status: "queued" })]);
    expect(rowsOf(later.state.pendingStatuses)).toHaveLength(1);
  });

  it("projects two orgs' replies sent with the same Idempotency-Key as two messages, each in its own inbox", () => {
    // The web names every command commandIdFor(org, key) (decision 006), and a reply's message id is its commandId;
    // both orgs' messages carry the same MessageSid too.
    const model = when(
      alpha.inbound(1, 7, 1),
      bravo.inbound(1, 7, 2),
      alpha.replySent(1, 7, 3, { commandId: commandIdFor(alpha.orgId, "order-42"), body: "Order 42 ships today" }),
      bravo.replySent(1, 7, 4, { commandId: commandIdFor(bravo.orgId, "order-42"), body: "Order 42 is ready" }),
      alpha.status(alpha.sid("SM", 1_000_001), 7, "delivered", 5),
      bravo.replyFailed(2, 7, 6, { commandId: commandIdFor(bravo.orgId, "order-43") }),
      alpha.replyFailed(2, 7, 7, { commandId: commandIdFor(alpha.orgId, "order-43") }),
    );
    expect(rejectionsOf(model.decisions)).toEqual([]);
    const replies = rowsOf(model.state.messages).filter((message) => message.direction === "outbound");
    expect(replies.map((m) => [m.orgId, m.id, m.conversationId, m.body, m.status])).toEqual([
      [
        alpha.orgId,
        commandIdFor(alpha.orgId, "order-42"),
        alpha.conversationOf(7),
        "Order 42 ships today",
        "delivered",
      ],
      [bravo.orgId, commandIdFor(bravo.orgId, "order-42"), bravo.conversationOf(7), "Order 42 is ready", "queued"],
      [bravo.orgId, commandIdFor(bravo.orgId, "order-43"), bravo.conversationOf(7), "reply 2", "failed"],
      [alpha.orgId, commandIdFor(alpha.orgId, "order-43"), alpha.conversationOf(7), "reply 2", "failed"],
    ]);
  });

  it("refuses a reply outcome whose commandId is another org's message, instead of dropping it as already projected", () => {
    const model = when(alpha.replySent(1, 7, 1), bravo.replySent(1, 7, 2, { messageSid: bravo.sid("SM", 9) }));
    expect(rejectionsOf(model.decisions)).toEqual([expect.objectContaining({ code: "PROJECTION.COMMAND_CONFLICT" })]);
    expect(rowsOf(model.state.messages)).toHaveLength(1);
  });
});
