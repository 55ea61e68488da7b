import { minutesOfDay, WEEKDAYS, type WeeklyHours } from "@cloudpa/contracts";

/** Whether a moment falls in the working hours, and if not, when the off-hours period it is in began. */
export type HoursAt =
  | { kind: "working" }
  /**
   * `periodStart`: the end of the last working day before it; `dayStart`: when that working day's
   * hours began. Both null when the week has no hours at all.
   */
  | { kind: "off"; periodStart: Date | null; dayStart: Date | null };

/** A local calendar date in the org's time zone. */
interface LocalDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time in `timeZone` at `at` (seconds included). */
function wallClockOf(at: number, timeZone: string): LocalDate & { minutes: number; seconds: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(at))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
    seconds: parts.second ?? 0,
  };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const wall = wallClockOf(at, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minutes, wall.seconds);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The moment a local date and time happen in `timeZone`, resolved as Temporal's "compatible"
 * disambiguation does: a time the clocks pass twice (the hour clocks go back) is its first
 * occurrence, and a time they skip (the hour clocks go forward) moves on by the gap's length.
 */
export function instantOf(date: LocalDate, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  // A day either side of the wall time lies outside any transition near it: the offsets before and after.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const matches = [wall - before, wall - after].filter((at) => offsetAt(at, timeZone) === wall - at);
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(wall - before);
}

/** The date `days` after (or before) a local date, and its weekday (Monday 0). */
function shifted(date: LocalDate, days: number): LocalDate & { weekday: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
    weekday: (moved.getUTCDay() + 6) % 7,
  };
}

/**
 * Where `at` falls in the org's week: inside a day's hours, or in the off-hours period that began
 * when the last working day before it ended (looked for up to a week back), with when that day began. Pure: the moment and
 * the time zone are passed in, and daylight saving follows the time zone's rules.
 */
export function hoursAt(hours: WeeklyHours, timeZone: string, at: Date): HoursAt {
  const wall = wallClockOf(at.getTime(), timeZone);
  for (let back = 0; back <= 7; back += 1) {
    const date = shifted(wall, -back);
    const day = hours[WEEKDAYS[date.weekday] ?? "mon"];
    if (!day) continue;
    const start = minutesOfDay(day.start);
    const end = minutesOfDay(day.end);
    if (back === 0 && wall.minutes >= start && wall.minutes < end) return { kind: "working" };
    // Today's hours that have not ended yet (it is before they start) end no period today.
    if (back === 0 && wall.minutes < end) continue;
    return { kind: "off", periodStart: instantOf(date, end, timeZone), dayStart: instantOf(date, start, timeZone) };
  }
  return { kind: "off", periodStart: null, dayStart: null };
}
