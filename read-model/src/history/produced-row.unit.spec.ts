import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { changesOf, readModelDecider } from "../projections/read-model.decider.js";
import { eventFactory } from "../testing/event-factory.js";
import { producedRowOf } from "./produced-row.js";

const { when } = specification(readModelDecider, changesOf);
const f = eventFactory();
const other = eventFactory("7d0e4a52-6f1b-4a8e-9d3c-2b1a0f9e8d7c");

describe("the row an event produced", () => {
  it("is the message an inbound event made, found by its org and MessageSid", () => {
    const inbound = f.inbound(1, 1, 1);
    const workspace = when(inbound).state;
    expect(producedRowOf(inbound, workspace)).toMatchObject({
      table: "message",
      row: { providerSid: inbound.messageSid, orgId: f.orgId, body: "message 1", direction: "inbound" },
    });
  });

  it("is the message a status updated, or the pending status while its message is not projected", () => {
    const reply = f.replySent(2, 1, 2);
    const early = f.status(reply.messageSid, 1, "delivered", 3);
    const waiting = when(early);
    expect(producedRowOf(early, waiting.state)).toMatchObject({
      table: "pending_status",
      row: { providerSid: reply.messageSid, status: "delivered" },
    });
    const applied = when(early, reply);
    expect(producedRowOf(early, applied.state)).toMatchObject({
      table: "message",
      row: { id: reply.commandId, status: "delivered" },
    });
  });

  it("is the reply's message for ReplySent and ReplyFailed, by commandId", () => {
    const failed = f.replyFailed(3, 1, 4);
    const workspace = when(f.inbound(1, 1, 1), failed).state;
    expect(producedRowOf(failed, workspace)).toMatchObject({
      table: "message",
      row: { id: failed.commandId, status: "failed", failureReason: "window_closed" },
    });
  });

  it("is the conversation a read marked", () => {
    const read = f.read(1, 5);
    const workspace = when(f.inbound(1, 1, 1), read).state;
    expect(producedRowOf(read, workspace)).toMatchObject({
      table: "conversation",
      row: { id: read.conversationId, unreadCount: 0 },
    });
  });

  it("is the channel a channel event changed", () => {
    const connected = f.connected(0);
    const workspace = when(connected).state;
    expect(producedRowOf(connected, workspace)).toMatchObject({ table: "chat_account", row: { id: f.channelId } });
  });

  it("is nothing when the event was not projected, and never another org's row", () => {
    const inbound = f.inbound(9, 1, 1);
    expect(producedRowOf(inbound, readModelDecider.initialState)).toBeUndefined();
    const theirs = other.replyFailed(3, 1, 4);
    const workspace = when(other.inbound(1, 1, 1), theirs).state;
    const mine = { ...f.replyFailed(3, 1, 4), commandId: theirs.commandId };
    expect(producedRowOf(mine, workspace)).toBeUndefined();
  });
});
