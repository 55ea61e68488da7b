import { describe, expect, it } from "vitest";
import { parseSince } from "./since.js";

const now = new Date("2026-05-01T12:00:00Z");

describe("parseSince", () => {
  it.each([
    ["90s", "2026-05-01T11:58:30.000Z"],
    ["45m", "2026-05-01T11:15:00.000Z"],
    ["2h", "2026-05-01T10:00:00.000Z"],
    ["7d", "2026-04-24T12:00:00.000Z"],
    ["2026-04-30T08:00:00Z", "2026-04-30T08:00:00.000Z"],
    ["2026-04-30", "2026-04-30T00:00:00.000Z"],
  ])("reads %s", (value, expected) => {
    expect(parseSince(value, now)?.toISOString()).toBe(expected);
  });

  it.each([undefined, "", "2 hours", "yesterday", "-2h", "2026-13-45T99:00:00Z", "1700000000"])(
    "refuses %s",
    (value) => {
      expect(parseSince(value, now)).toBeUndefined();
    },
  );
});
