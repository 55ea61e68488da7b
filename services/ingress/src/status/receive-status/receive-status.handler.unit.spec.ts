import { channelIdFor, conversationIdFor, eventIdFor, messageStatusUpdatedSchema, uuidv5 } from "@cloudpa/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FormParams } from "../../webhook/form-body.js";
import { messageStatusFrom } from "./message-status.js";

const orgId = uuidv5("org:unit-status");
const channel = { orgId, channelId: channelIdFor(orgId, "whatsapp:+14155238886") };
const receivedAt = new Date("2026-03-04T05:06:07.000Z");
const MESSAGE_SID = `SM${"d".repeat(32)}`;

function callback(status: string, overrides: Record<string, string> = {}): FormParams {
  return {
    MessageSid: MESSAGE_SID,
    MessageStatus: status,
    AccountSid: `AC${"e".repeat(32)}`,
    From: "whatsapp:+14155238886",
    To: "whatsapp:+15557654321",
    ...overrides,
  };
}

describe("messageStatusFrom (the pure part of receive-status)", () => {
  it("files the status under the conversation with the customer in To", () => {
    const decision = messageStatusFrom(
      callback("failed", { ErrorCode: "63016", ErrorMessage: "window closed" }),
      channel,
      receivedAt,
    );
    if (!decision.ok) throw new Error(decision.problem.reason);
    expect(decision.event).toMatchObject({
      eventId: eventIdFor("st", `${MESSAGE_SID}:failed`),
      conversationId: conversationIdFor(channel.channelId, "whatsapp:+15557654321"),
      status: "failed",
      errorCode: "63016",
      errorMessage: "window closed",
      reportedAt: receivedAt.toISOString(),
    });
  });

  it("leaves out an empty ErrorCode", () => {
    const decision = messageStatusFrom(callback("delivered", { ErrorCode: "" }), channel, receivedAt);
    expect(decision.ok && decision.event).not.toHaveProperty("errorCode");
  });

  it("refuses a status Twilio does not send, naming MessageStatus", () => {
    const decision = messageStatusFrom(callback("exploded"), channel, receivedAt);
    expect(decision.ok ? undefined : decision.problem.param).toBe("MessageStatus");
  });

  it("never throws for random params, and what it accepts parses with the contract", () => {
    const value = fc.oneof(fc.string(), fc.array(fc.string(), { minLength: 2, maxLength: 2 }), fc.constant("read"));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("MessageStatus", "ErrorCode", "ErrorMessage", "To", "From", "x"), value),
        (random) => {
          const decision = messageStatusFrom({ ...callback("sent"), ...random }, channel, receivedAt);
          if (decision.ok) messageStatusUpdatedSchema.parse(decision.event);
        },
      ),
      { numRuns: 500 },
    );
  });
});
