import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeMessageCursor, encodeMessageCursor, isPostgresJsonTime } from "./message-cursor.js";

const forge = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("the history's message cursor (issue 15)", () => {
  it("reads back what the server wrote, microseconds and offset kept", () => {
    for (const at of ["2026-12-02T00:31:05.123456+00:00", "2026-12-02T00:31:05+01:00", "2026-12-02T00:31:05.1Z"]) {
      const cursor = { at, id: randomUUID() };
      expect(decodeMessageCursor(encodeMessageCursor(cursor))).toEqual(cursor);
    }
  });

  it("is opaque text a URL carries as it is", () => {
    const cursor = encodeMessageCursor({ at: "2026-12-02T00:31:05.123456+00:00", id: randomUUID() });
    expect(encodeURIComponent(cursor)).toBe(cursor);
  });

  it("refuses a forged cursor that has the shape but no real instant or id", () => {
    for (const text of [
      `9999-99-99T99:99:99+00:00|${randomUUID()}`,
      `2026-02-30T10:00:00+00:00|${randomUUID()}`,
      `2026-12-02T24:00:00+00:00|${randomUUID()}`,
      `2026-12-02 10:00:00|${randomUUID()}`,
      `2026-12-02T10:00:00+00:00|${"-".repeat(36)}`,
      `2026-12-02T10:00:00+00:00|${randomUUID()}|extra`,
      `2026-12-02T10:00:00+00:00'; drop table message; --|${randomUUID()}`,
      "\u0000\u00ff",
    ])
      expect(decodeMessageCursor(forge(text)), text).toBeUndefined();
    expect(decodeMessageCursor("not a cursor!")).toBeUndefined();
    expect(decodeMessageCursor("")).toBeUndefined();
  });

  it("knows Postgres's JSON times from other text", () => {
    expect(isPostgresJsonTime("2026-12-02T10:00:00.999999+05:30")).toBe(true);
    expect(isPostgresJsonTime("2026-12-02T10:00:00.9999999+00:00")).toBe(false);
    expect(isPostgresJsonTime("2026-12-02T10:00:00")).toBe(false);
  });
});
