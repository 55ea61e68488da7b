import { describe, expect, it } from "vitest";
import { AUTO_REPLY_REQUESTERS, autoReplyKindOf } from "./auto-reply-kind.js";

describe("an automatic reply's kind", () => {
  it("is read from the requestedBy its SendReply carried, and is null for a reply someone sent", () => {
    expect(autoReplyKindOf(AUTO_REPLY_REQUESTERS.away)).toBe("away");
    expect(autoReplyKindOf("auto-reply:greeting")).toBe("greeting");
    expect(autoReplyKindOf("0b6f3a52-8d7e-4c1a-9f1e-2f5a9d7c4b10")).toBeNull();
    expect(autoReplyKindOf("auto-reply:")).toBeNull();
    expect(autoReplyKindOf(null)).toBeNull();
  });
});
