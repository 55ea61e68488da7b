import { useEffect, useState } from "react";

/** True after the first client render: times are formatted in the reader's own zone then. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const DAY = 24 * 3600 * 1000;

const FORMATS = {
  day: {},
  clock: { hour: "2-digit", minute: "2-digit" },
  weekday: { weekday: "short" },
  dayMonth: { day: "numeric", month: "short" },
  full: { dateStyle: "medium", timeStyle: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One Intl.DateTimeFormat per format and zone, made once: `toLocaleDateString(locale, options)`
 * builds a new formatter on every call, and the inbox page formats each row's time four
 * times (measured: 13 % of the web's CPU on /inbox).
 */
function formatted(date: Date, format: keyof typeof FORMATS, timeZone: string | undefined): string {
  if (timeZone === "UTC") return formattedInUtc(date, format);
  return formatterOf(format, timeZone).format(date);
}

function formatterOf(format: keyof typeof FORMATS, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${format} ${timeZone ?? ""}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { ...FORMATS[format], timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * The server renders every time in UTC (before hydration), and the inbox's rows are the same from
 * one request to the next: each text is formatted once per minute it names, not on every render
 * (Intl's format was 4 % of the web's CPU for /inbox, issue 16). Exact: no format shows seconds,
 * and UTC has no offset within a minute. Bounded: emptied when it holds MAX_FORMATTED_IN_UTC.
 */
const formattedInUtcCache = new Map<string, string>();
const MAX_FORMATTED_IN_UTC = 5_000;

function formattedInUtc(date: Date, format: keyof typeof FORMATS): string {
  const minute = Math.floor(date.getTime() / 60_000);
  if (Number.isNaN(minute)) return formatterOf(format, "UTC").format(date);
  const key = `${format} ${minute}`;
  let text = formattedInUtcCache.get(key);
  if (text === undefined) {
    text = formatterOf(format, "UTC").format(date);
    if (formattedInUtcCache.size >= MAX_FORMATTED_IN_UTC) formattedInUtcCache.clear();
    formattedInUtcCache.set(key, text);
  }
  return text;
}

const sameDay = (date: Date, now: Date, timeZone: string | undefined) =>
  formatted(date, "day", timeZone) === formatted(now, "day", timeZone);

function formatShort(date: Date, now: Date, timeZone: string | undefined): string {
  if (sameDay(date, now, timeZone)) return formatted(date, "clock", timeZone);
  if (now.getTime() - date.getTime() < 6 * DAY) return formatted(date, "weekday", timeZone);
  return formatted(date, "dayMonth", timeZone);
}

/** A time as a person reads it: 14:05 today, Tue this week, 3 Nov before. */
export function ShortTime({ value }: { value: Date | string }) {
  const hydrated = useHydrated();
  const date = new Date(value);
  const timeZone = hydrated ? undefined : "UTC";
  return (
    <time dateTime={date.toISOString()} title={formatted(date, "full", timeZone)} suppressHydrationWarning>
      {formatShort(date, new Date(), timeZone)}
    </time>
  );
}

/**
 * The day before a time: none today, "Tue " within six days of now either way, "3 Nov, " further. A
 * time ahead (a snooze's or a mute's end) counts as a past one does: a week ahead said "Tue" on a
 * Tuesday, as if it were today.
 */
export function clockDayOf(date: Date, now: Date, timeZone: string | undefined): string {
  if (sameDay(date, now, timeZone)) return "";
  return Math.abs(now.getTime() - date.getTime()) < 6 * DAY
    ? `${formatted(date, "weekday", timeZone)} `
    : `${formatted(date, "dayMonth", timeZone)}, `;
}

/** A time: 14:05 today, "Tue 14:05" within the week either way, "3 Nov, 14:05" further. */
export function ClockTime({ value }: { value: Date | string }) {
  const hydrated = useHydrated();
  const date = new Date(value);
  const timeZone = hydrated ? undefined : "UTC";
  const clock = formatted(date, "clock", timeZone);
  const day = clockDayOf(date, new Date(), timeZone);
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {day}
      {clock}
    </time>
  );
}

/** "3h 12m" */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}
