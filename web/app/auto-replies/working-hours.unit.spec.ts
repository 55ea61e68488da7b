import { DEFAULT_AUTO_REPLY_SETTINGS, type WeeklyHours } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { hoursAt, instantOf } from "./working-hours.ts";

const nineToFive = DEFAULT_AUTO_REPLY_SETTINGS.hours;
const at = (iso: string) => new Date(iso);

describe("working hours in the org's time zone", () => {
  it("works from the day's start up to, not including, its end", () => {
    // Berlin in winter is UTC+1: 09:00 there is 08:00Z, 17:00 is 16:00Z. 2026-01-05 is a Monday.
    expect(hoursAt(nineToFive, "Europe/Berlin", at("2026-01-05T07:59:59Z"))).toEqual({
      kind: "off",
      periodStart: at("2026-01-02T16:00:00Z"),
      dayStart: at("2026-01-02T08:00:00Z"),
    });
    expect(hoursAt(nineToFive, "Europe/Berlin", at("2026-01-05T08:00:00Z"))).toEqual({ kind: "working" });
    expect(hoursAt(nineToFive, "Europe/Berlin", at("2026-01-05T15:59:59Z"))).toEqual({ kind: "working" });
    expect(hoursAt(nineToFive, "Europe/Berlin", at("2026-01-05T16:00:00Z"))).toEqual({
      kind: "off",
      periodStart: at("2026-01-05T16:00:00Z"),
      dayStart: at("2026-01-05T08:00:00Z"),
    });
  });

  it("starts one off-hours period when a day's hours end, lasting over the nights and days off until the next", () => {
    const friday = { periodStart: at("2026-01-09T16:00:00Z"), dayStart: at("2026-01-09T08:00:00Z") };
    for (const moment of [
      "2026-01-09T21:00:00Z",
      "2026-01-10T12:00:00Z",
      "2026-01-11T23:30:00Z",
      "2026-01-12T07:00:00Z",
    ])
      expect(hoursAt(nineToFive, "Europe/Berlin", at(moment))).toEqual({ kind: "off", ...friday });
  });

  it("judges the day and the hour in the org's zone, not UTC's", () => {
    // Monday 2026-01-05 14:30Z is 09:30 in New York (UTC-5) but Sunday 2026-01-04 23:30Z is Monday 00:30 in Berlin.
    expect(hoursAt(nineToFive, "America/New_York", at("2026-01-05T14:30:00Z"))).toEqual({ kind: "working" });
    expect(hoursAt(nineToFive, "America/New_York", at("2026-01-05T13:59:00Z"))).toEqual({
      kind: "off",
      periodStart: at("2026-01-02T22:00:00Z"),
      dayStart: at("2026-01-02T14:00:00Z"),
    });
    expect(hoursAt(nineToFive, "Europe/Berlin", at("2026-01-04T23:30:00Z"))).toEqual({
      kind: "off",
      periodStart: at("2026-01-02T16:00:00Z"),
      dayStart: at("2026-01-02T08:00:00Z"),
    });
    // Kiritimati is UTC+14: its Monday 09:00 is Sunday 19:00Z.
    expect(hoursAt(nineToFive, "Pacific/Kiritimati", at("2026-01-04T19:00:00Z"))).toEqual({ kind: "working" });
  });

  it("follows daylight saving: the same local hours move in UTC, and a period spans the change", () => {
    // New York moves to UTC-4 on Sunday 2026-03-08: Monday's 09:00 is 13:00Z, the Friday before ended at 22:00Z.
    expect(hoursAt(nineToFive, "America/New_York", at("2026-03-09T13:00:00Z"))).toEqual({ kind: "working" });
    expect(hoursAt(nineToFive, "America/New_York", at("2026-03-09T12:59:00Z"))).toEqual({
      kind: "off",
      periodStart: at("2026-03-06T22:00:00Z"),
      dayStart: at("2026-03-06T14:00:00Z"),
    });
    // Berlin moves to UTC+2 on Sunday 2026-03-29; Friday ended at 16:00Z, Monday starts at 07:00Z.
    expect(hoursAt(nineToFive, "Europe/Berlin", at("2026-03-30T06:59:00Z"))).toEqual({
      kind: "off",
      periodStart: at("2026-03-27T16:00:00Z"),
      dayStart: at("2026-03-27T08:00:00Z"),
    });
    expect(hoursAt(nineToFive, "Europe/Berlin", at("2026-03-30T07:00:00Z"))).toEqual({ kind: "working" });
  });

  it("resolves a local time the clocks skip forward past, and one they pass twice, as Temporal's 'compatible' does", () => {
    // 02:30 does not exist in Berlin on 2026-03-29 (02:00 CET jumps to 03:00 CEST): it becomes 03:30 CEST.
    expect(instantOf({ year: 2026, month: 3, day: 29 }, 150, "Europe/Berlin")).toEqual(at("2026-03-29T01:30:00Z"));
    // 02:30 happens twice on 2026-10-25 (CEST, then CET): the first.
    expect(instantOf({ year: 2026, month: 10, day: 25 }, 150, "Europe/Berlin")).toEqual(at("2026-10-25T00:30:00Z"));
    expect(instantOf({ year: 2026, month: 7, day: 1 }, 17 * 60, "Europe/Berlin")).toEqual(at("2026-07-01T15:00:00Z"));
  });

  it("is off all the time, with no period or day start, in a week without hours", () => {
    const none = Object.fromEntries(Object.keys(nineToFive).map((day) => [day, null])) as WeeklyHours;
    expect(hoursAt(none, "UTC", at("2026-01-05T10:00:00Z"))).toEqual({
      kind: "off",
      periodStart: null,
      dayStart: null,
    });
  });
});
