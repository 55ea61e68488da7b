import { useEffect, useState } from "react";

/** True after the first client render: times are formatted in the reader's own zone then. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const DAY = 24 * 3600 * 1000;

function formatShort(date: Date, now: Date, timeZone: string | undefined): string {
  const sameDay = date.toLocaleDateString("en-GB", { timeZone }) === now.toLocaleDateString("en-GB", { timeZone });
  if (sameDay) return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
  if (now.getTime() - date.getTime() < 6 * DAY) return date.toLocaleDateString("en-GB", { weekday: "short", timeZone });
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone });
}

/** A time as a person reads it: 14:05 today, Tue this week, 3 Nov before. */
export function ShortTime({ value }: { value: Date | string }) {
  const hydrated = useHydrated();
  const date = new Date(value);
  const full = date.toLocaleString("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: hydrated ? undefined : "UTC",
  });
  return (
    <time dateTime={date.toISOString()} title={full} suppressHydrationWarning>
      {formatShort(date, new Date(), hydrated ? undefined : "UTC")}
    </time>
  );
}

/** A message's time: 14:05 today, "Tue 14:05" this week, "3 Nov, 14:05" before. */
export function ClockTime({ value }: { value: Date | string }) {
  const hydrated = useHydrated();
  const date = new Date(value);
  const timeZone = hydrated ? undefined : "UTC";
  const now = new Date();
  const clock = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
  const sameDay = date.toLocaleDateString("en-GB", { timeZone }) === now.toLocaleDateString("en-GB", { timeZone });
  const day = sameDay
    ? ""
    : now.getTime() - date.getTime() < 6 * DAY
      ? `${date.toLocaleDateString("en-GB", { weekday: "short", timeZone })} `
      : `${date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone })}, `;
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
