import type { MessageStatus } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider, rejectionsOf } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);

const f = eventFactory();
const replySid = f.sid("SM", 1_000_001);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, at) =>
    permutations([...items.slice(0, at), ...items.slice(at + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("MessageStatusUpdated", () => {
  it("moves an outbound message forward and the conversation's last status with it", () => {
    const model = when(f.inbound(1, 7, 1), f.replySent(1, 7, 2), f.status(replySid, 7, "delivered", 3));
    expect(rowsOf(model.state.messages).find((m) => m.providerSid === replySid)).toMatchObject({
      status: "delivered",
      statusAt: new Date(f.at(3)),
    });
    expect(rowsOf(model.state.conversations)[0]).toMatchObject({
      lastMessageStatus: "delivered",
      lastMessageDirection: "outbound",
    });
  });

  const five: MessageStatus[] = ["queued", "sending", "sent", "delivered", "read"];
  const orders = permutations(five);

  it("ends in the highest status for all 120 orders of five statuses", () => {
    expect(orders).toHaveLength(120);
    for (const order of orders) {
      const model = when(
        f.inbound(1, 7, 1),
        f.replySent(1, 7, 2, { status: "accepted" }),
        ...order.map((status, at) => f.status(replySid, 7, status, 3 + at)),
      );
      const reply = rowsOf(model.state.messages).find((m) => m.providerSid === replySid);
      expect(reply?.status, order.join(" → ")).toBe("read");
      expect(rowsOf(model.state.conversations)[0]?.lastMessageStatus, order.join(" → ")).toBe("read");
    }
  });

  it("ends in the highest status for all 120 orders when every status arrives before the message", () => {
    for (const order of orders) {
      const model = when(
        f.inbound(1, 7, 1),
        ...order.map((status, at) => f.status(replySid, 7, status, 2 + at)),
        f.replySent(1, 7, 10, { status: "accepted" }),
      );
      expect(rowsOf(model.state.messages).find((m) => m.providerSid === replySid)?.status, order.join(" → ")).toBe(
        "read",
      );
      expect(rowsOf(model.state.pendingStatuses)).toEqual([]);
    }
  });

  it("keeps failed and undelivered final, with their error code", () => {
    const failed = when(
      f.replySent(1, 7, 1),
      f.status(replySid, 7, "failed", 2, { errorCode: "63016", errorMessage: "outside the window" }),
      f.status(replySid, 7, "delivered", 3),
      f.status(replySid, 7, "read", 4),
    );
    expect(rowsOf(failed.state.messages)[0]).toMatchObject({
      status: "failed",
      errorCode: "63016",
      errorMessage: "outside the window",
    });
    const undelivered = when(
      f.replySent(1, 7, 1),
      f.status(replySid, 7, "sent", 2),
      f.status(replySid, 7, "undelivered", 3, { errorCode: "30008" }),
      f.status(replySid, 7, "failed", 4, { errorCode: "1" }),
    );
    expect(rowsOf(undelivered.state.messages)[0]).toMatchObject({ status: "undelivered", errorCode: "30008" });
  });

  it("keeps a status for a message not yet projected, and applies it when the message arrives", () => {
    const early = when(f.status(replySid, 7, "delivered", 2));
    expect(rowsOf(early.state.pendingStatuses)).toEqual([
      expect.objectContaining({ providerSid: replySid, status: "delivered", conversationId: f.conversationOf(7) }),
    ]);
    expect(rowsOf(early.state.messages)).toEqual([]);

    const later = when(
      f.status(replySid, 7, "sent", 2),
      f.status(replySid, 7, "delivered", 3),
      f.status(replySid, 7, "sending", 4),
      f.replySent(1, 7, 5),
    );
    expect(rowsOf(later.state.pendingStatuses)).toEqual([]);
    expect(rowsOf(later.state.messages)[0]).toMatchObject({ status: "delivered", statusAt: new Date(f.at(3)) });
    expect(later.state.takeChanged().deletedPendingStatuses).toEqual([{ orgId: f.orgId, providerSid: replySid }]);
  });

  it("changes nothing for a repeated or older status", () => {
    const model = when(f.replySent(1, 7, 1), f.status(replySid, 7, "read", 2), f.status(replySid, 7, "read", 3));
    expect(model.decisions[2]).toEqual({ changes: [] });
  });

  it("rejects a status that names another conversation than its message's", () => {
    const model = when(f.replySent(1, 7, 1), f.status(replySid, 8, "read", 2));
    expect(rejectionsOf(model.decisions)).toEqual([expect.objectContaining({ code: "PROJECTION.SID_CONFLICT" })]);
  });
});
