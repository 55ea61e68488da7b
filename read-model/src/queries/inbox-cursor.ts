/**
 * Keyset position in the inbox: (last_message_at, id) of the last row seen. The timestamp
 * travels as Postgres wrote it (UTC, microseconds), since a JS Date would drop the
 * microseconds and skip or repeat rows.
 */
export interface InboxCursor {
  lastMessageAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function encodeInboxCursor(cursor: InboxCursor): string {
  return Buffer.from(`${cursor.lastMessageAt}|${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor in an opaque string, or undefined when it is not one this server wrote. */
export function decodeInboxCursor(value: string): InboxCursor | undefined {
  const [lastMessageAt, id, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !lastMessageAt || !id) return undefined;
  if (!UTC_TIMESTAMP.test(lastMessageAt) || !UUID.test(id)) return undefined;
  return { lastMessageAt, id };
}
