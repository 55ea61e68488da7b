import { isUuid } from "@cloudpa/contracts";

/**
 * Keyset position in the inbox: (pinned, inbox_at, id) of the last row seen. The timestamp
 * travels as Postgres wrote it (UTC, microseconds), since a JS Date would drop the
 * microseconds and skip or repeat rows. `pinned` is present only on a pinned row.
 */
export interface InboxCursor {
  at: string;
  id: string;
  pinned?: true;
}

const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?$/;

/**
 * Whether a date and time, as matched by `pattern` (its first six groups: year, month, day, hour,
 * minute, second), names a real instant: 2026-02-30 or 25:00 has the shape but Postgres refuses it.
 * The inbox's and the history's cursors both check their time with it.
 */
export function namesRealInstant(text: string, pattern: RegExp): boolean {
  const parts = pattern.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

function isUtcTimestamp(text: string): boolean {
  return namesRealInstant(text, UTC_TIMESTAMP);
}

export function encodeInboxCursor(cursor: InboxCursor): string {
  const text = `${cursor.at}|${cursor.id}${cursor.pinned ? "|pinned" : ""}`;
  return Buffer.from(text, "utf8").toString("base64url");
}

/** The cursor in an opaque string, or undefined when it is not one this server wrote. */
export function decodeInboxCursor(value: string): InboxCursor | undefined {
  const [at, id, pinned, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (extra !== undefined || (pinned !== undefined && pinned !== "pinned") || !at || !id) return undefined;
  if (!isUtcTimestamp(at) || !isUuid(id)) return undefined;
  return pinned ? { at, id, pinned: true } : { at, id };
}
