import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID } from "../ids.js";
import { MAX_REPLY_LENGTH, sendReplySchema } from "./send-reply.js";

const command = (text: string) => ({
  type: "SendReply",
  version: 1,
  commandId: "6f1b7d2e-3c4a-4b5d-8e6f-7a8b9c0d1e2f",
  orgId: DEFAULT_ORG_ID,
  conversationId: "0b9f1c1e-8f57-5d6b-9a0e-3c1f6b8e2d11",
  text,
  requestedBy: "user-1",
  requestedAt: "2026-12-02T10:00:00.000Z",
});

describe("SendReply", () => {
  it("takes a reply of exactly Twilio's 1,600 characters", () => {
    expect(MAX_REPLY_LENGTH).toBe(1600);
    expect(sendReplySchema.safeParse(command("x".repeat(MAX_REPLY_LENGTH))).success).toBe(true);
  });

  it("refuses a reply Twilio would refuse with 21617, naming the limit", () => {
    const parsed = sendReplySchema.safeParse(command("x".repeat(MAX_REPLY_LENGTH + 1)));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/at most 1,600 characters/);
  });

  it("counts what a textarea counts: an emoji is two", () => {
    expect(sendReplySchema.safeParse(command("🙂".repeat(MAX_REPLY_LENGTH / 2))).success).toBe(true);
    expect(sendReplySchema.safeParse(command(`🙂${"x".repeat(MAX_REPLY_LENGTH - 1)}`)).success).toBe(false);
  });
});

describe("SendReply with a template", () => {
  const template = { contentSid: `HX${"a".repeat(32)}`, variables: { "1": "Ada" } };

  it("carries the template and its rendered text; older commands without one still parse", () => {
    const parsed = sendReplySchema.parse({ ...command("Hi Ada"), template });
    expect(parsed.template).toEqual(template);
    expect(sendReplySchema.parse(command("plain")).template).toBeUndefined();
  });

  it("refuses a ContentSid that is not Twilio's pattern", () => {
    expect(sendReplySchema.safeParse({ ...command("Hi"), template: { contentSid: "HX123" } }).success).toBe(false);
  });

  it("names the recipient of a new conversation by channel and WhatsApp handle", () => {
    const recipient = {
      channelId: "0b9f1c1e-8f57-5d6b-9a0e-3c1f6b8e2d11",
      from: "whatsapp:+14155238886",
      to: "whatsapp:+447700900123",
    };
    expect(sendReplySchema.parse({ ...command("Hi"), template, recipient }).recipient).toEqual(recipient);
    expect(
      sendReplySchema.safeParse({ ...command("Hi"), template, recipient: { ...recipient, to: "+44" } }).success,
    ).toBe(false);
  });
});
