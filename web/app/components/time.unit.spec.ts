import { describe, expect, it } from "vitest";
import { clockDayOf } from "./time.tsx";

const now = new Date("2026-12-08T10:00:00Z"); // a Tuesday
const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe("the day before a clock time", () => {
  it("is none today, the weekday within six days, the date further, in the past", () => {
    expect(clockDayOf(hoursFromNow(-2), now, "UTC")).toBe("");
    expect(clockDayOf(hoursFromNow(-48), now, "UTC")).toBe("Sun ");
    expect(clockDayOf(hoursFromNow(-10 * 24), now, "UTC")).toBe("28 Nov, ");
  });

  it("is the same ahead: a week ahead is its date, not today's weekday (a mute's or a snooze's end)", () => {
    expect(clockDayOf(hoursFromNow(8), now, "UTC")).toBe("");
    expect(clockDayOf(hoursFromNow(48), now, "UTC")).toBe("Thu ");
    expect(clockDayOf(hoursFromNow(7 * 24), now, "UTC")).toBe("15 Dec, ");
    expect(clockDayOf(hoursFromNow(60 * 24), now, "UTC")).toBe("6 Feb, ");
  });
});
