import { describe, expect, it } from "vitest";
import { sendReplySchema } from "../commands/send-reply.js";

const command = (extra: Record<string, unknown>) => ({
  type: "SendReply",
  version: 1,
  commandId: "0b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
  orgId: "1b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
  conversationId: "2b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
  requestedBy: "user",
  requestedAt: "2026-12-02T12:00:00.000Z",
  ...extra,
});
const file = {
  mediaId: "3b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
  contentType: "application/pdf",
  size: 10,
  name: "q.pdf",
};

describe("SendReply with media", () => {
  it("may have an empty caption only when it carries media", () => {
    expect(sendReplySchema.safeParse(command({ text: "", media: [file] })).success).toBe(true);
    expect(sendReplySchema.safeParse(command({ text: "Your quote", media: [file] })).success).toBe(true);
    expect(sendReplySchema.safeParse(command({ text: "" })).success).toBe(false);
  });

  it("carries at most Twilio's 10 files, and at least one when it names media", () => {
    expect(sendReplySchema.safeParse(command({ text: "", media: Array(11).fill(file) })).success).toBe(false);
    expect(sendReplySchema.safeParse(command({ text: "x", media: [] })).success).toBe(false);
  });
});
