import { isUuid } from "@cloudpa/contracts";
import { namesRealInstant } from "./inbox-cursor.js";

/**
 * Keyset position in a conversation's history (issue 15): (sent_at, id) of a message. The time
 * travels as Postgres wrote it in JSON (ISO 8601 with its offset and microseconds), since a JS
 * Date would drop the microseconds and skip or repeat messages sent within one millisecond.
 */
export interface MessageCursor {
  at: string;
  id: string;
}

const POSTGRES_JSON_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(:\d{2})?)$/;

/** Whether the text is an instant as Postgres writes a timestamptz in JSON, and a real one (no 02-30, no 25:00). */
export function isPostgresJsonTime(text: string): boolean {
  return namesRealInstant(text, POSTGRES_JSON_TIME);
}

export function encodeMessageCursor(cursor: MessageCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor in an opaque string, or undefined when it is not one this server wrote. */
export function decodeMessageCursor(value: string): MessageCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return undefined;
  const [at, id, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !at || !id) return undefined;
  if (!isPostgresJsonTime(at) || !isUuid(id)) return undefined;
  return { at, id };
}

export class MessageCursorError extends Error {
  override name = "MessageCursorError";
  readonly code = "HISTORY.BAD_CURSOR";
}
