import { decodeInboxCursor, encodeInboxCursor } from "@cloudpa/read-model";
import { describe, expect, it } from "vitest";
import { deliveryStepOf, failureTextOf } from "./message-status.ts";
import { REPLY_WINDOW_MS, replyWindowOf } from "./reply-window.ts";

describe("the 24-hour reply window", () => {
  const lastInbound = new Date("2026-11-24T10:00:00Z");

  it("is open with the time left until 24 hours after the customer's last message", () => {
    const window = replyWindowOf(lastInbound, new Date("2026-11-25T07:30:00Z"));
    expect(window).toEqual({ open: true, closesAt: new Date("2026-11-25T10:00:00Z"), msLeft: 2.5 * 3600_000 });
  });

  it("is closed from the 24th hour on, and when the customer never wrote", () => {
    expect(replyWindowOf(lastInbound, new Date(lastInbound.getTime() + REPLY_WINDOW_MS)).open).toBe(false);
    expect(replyWindowOf(null, new Date())).toEqual({ open: false, closedAt: null });
  });
});

describe("delivery ticks", () => {
  it("reads Twilio's statuses as pending, sent, delivered, read or failed", () => {
    expect(
      ["queued", "accepted", "sending", "sent", "delivered", "read", "undelivered", "failed"].map(deliveryStepOf),
    ).toEqual(["pending", "pending", "pending", "sent", "delivered", "read", "failed", "failed"]);
  });

  it("shows Twilio's reason with its code, else ours in words", () => {
    expect(
      failureTextOf({ errorCode: "63016", errorMessage: "Outside the window", failureReason: "twilio_error" }),
    ).toBe("Outside the window (Twilio error 63016)");
    expect(failureTextOf({ errorCode: null, errorMessage: null, failureReason: "channel_inactive" })).toBe(
      "This WhatsApp number is disconnected.",
    );
  });
});

describe("inbox cursors", () => {
  it("round-trip the exact position and refuse anything this server did not write", () => {
    const cursor = { at: "2026-11-24 10:00:00.123456", id: "0b6f2c1e-2f43-4a8e-9d5c-7f1e2a3b4c5d" };
    expect(decodeInboxCursor(encodeInboxCursor(cursor))).toEqual(cursor);
    expect(decodeInboxCursor("forged")).toBeUndefined();
    expect(decodeInboxCursor(Buffer.from("2026-11-24 10:00:00|not-a-uuid").toString("base64url"))).toBeUndefined();
    expect(
      decodeInboxCursor(Buffer.from("'; drop table x; --|0b6f2c1e-2f43-4a8e-9d5c-7f1e2a3b4c5d").toString("base64url")),
    ).toBeUndefined();
  });
});
