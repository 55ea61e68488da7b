import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeInboxCursor, encodeInboxCursor } from "./inbox-cursor.js";

const forge = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("the inbox cursor", () => {
  it("reads back what the server wrote, microseconds and all", () => {
    const cursor = { at: "2026-12-02 00:31:05.123456", id: randomUUID() };
    expect(decodeInboxCursor(encodeInboxCursor(cursor))).toEqual(cursor);
    const pinned = { ...cursor, pinned: true as const };
    expect(decodeInboxCursor(encodeInboxCursor(pinned))).toEqual(pinned);
  });

  it("refuses a forged cursor that has the shape but no real instant or id", () => {
    for (const text of [
      `9999-99-99 99:99:99|${randomUUID()}`,
      `2026-02-30 10:00:00|${randomUUID()}`,
      `2026-12-02 24:00:00|${randomUUID()}`,
      `2026-12-02 10:00:00|${"-".repeat(36)}`,
      `2026-12-02 10:00:00|${randomUUID()}|extra`,
      `2026-12-02 10:00:00|${randomUUID()}|pinned|extra`,
      "\u0000\u00ff",
    ])
      expect(decodeInboxCursor(forge(text)), text).toBeUndefined();
  });
});
