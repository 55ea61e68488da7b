import { CONVERSATION_SEARCH_TEXT } from "../entities/conversation.entity.js";
import { decodeInboxCursor, encodeInboxCursor, type InboxCursor } from "./inbox-cursor.js";
import { quotedSchema, type SqlQueryable } from "./sql-queryable.js";

export interface InboxConversation {
  id: string;
  chatAccountId: string;
  contactHandle: string;
  contactDisplayName: string;
  lastMessageAt: Date;
  lastInboundAt: Date | null;
  lastMessagePreview: string | null;
  lastMessageDirection: "inbound" | "outbound" | null;
  lastMessageStatus: string | null;
  unreadCount: number;
  status: string;
}

export interface InboxPageInput {
  orgId: string;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string | undefined;
  limit: number;
  /** Name, number or text; blank means no search. */
  search?: string | undefined;
  unreadOnly?: boolean | undefined;
  schema?: string | undefined;
}

export interface InboxPage {
  conversations: InboxConversation[];
  /** Undefined on the last page. */
  nextCursor: string | undefined;
}

export const MAX_INBOX_PAGE = 100;

interface InboxRow {
  id: string;
  chat_account_id: string;
  contact_handle: string;
  contact_display_name: string;
  last_message_at: Date;
  last_message_at_utc: string;
  last_inbound_at: Date | null;
  last_message_preview: string | null;
  last_message_direction: "inbound" | "outbound" | null;
  last_message_status: string | null;
  unread_count: number;
  status: string;
}

/** `%text%` for ILIKE, with the user's own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Ids of the org's conversations whose name, number, preview or any message body contains
 * the search (each branch reads a trigram index); a number written with spaces or dashes
 * also matches its digits.
 */
function searchHitsSql(s: string, search: string, values: unknown[]): string {
  const patterns = [containsPattern(search)];
  const digits = search.replace(/[\s()+.-]/g, "");
  if (/^\d{3,}$/.test(digits) && digits !== search) patterns.push(containsPattern(digits));
  const branches: string[] = [];
  for (const pattern of patterns) {
    values.push(pattern);
    const at = `$${values.length}`;
    branches.push(
      `SELECT h.id FROM ${s}.conversation h WHERE h.org_id = $1 AND ${CONVERSATION_SEARCH_TEXT} ILIKE ${at}`,
    );
    branches.push(`SELECT m.conversation_id FROM ${s}.message m WHERE m.org_id = $1 AND m.body ILIKE ${at}`);
  }
  return branches.join(" UNION ");
}

export class InboxCursorError extends Error {
  override name = "InboxCursorError";
  readonly code = "INBOX.BAD_CURSOR";
}

/**
 * One page of an org's inbox, newest first, by keyset on (last_message_at, id): one indexed
 * query, stable while new messages arrive (a conversation that moves to the top is simply
 * seen again on a fresh first page, never twice on one walk from a cursor taken before).
 */
export async function inboxPage(db: SqlQueryable, input: InboxPageInput): Promise<InboxPage> {
  const s = quotedSchema(input.schema ?? "readmodel");
  const limit = Math.min(Math.max(1, Math.trunc(input.limit)), MAX_INBOX_PAGE);
  let cursor: InboxCursor | undefined;
  if (input.cursor) {
    cursor = decodeInboxCursor(input.cursor);
    if (!cursor) throw new InboxCursorError("cursor is not one this server issued");
  }
  const values: unknown[] = [input.orgId, limit + 1];
  const where = ["c.org_id = $1", "c.last_message_at IS NOT NULL"];
  if (cursor) {
    values.push(cursor.lastMessageAt, cursor.id);
    where.push(
      `(c.last_message_at, c.id) < ($${values.length - 1}::timestamp AT TIME ZONE 'UTC', $${values.length}::uuid)`,
    );
  }
  if (input.unreadOnly) where.push("c.unread_count > 0");
  const search = input.search?.trim();
  if (search) where.push(`c.id IN (${searchHitsSql(s, search, values)})`);
  const { rows } = await db.query<InboxRow>(
    `SELECT c.id, c.chat_account_id, c.contact_handle, c.contact_display_name, c.last_message_at,
            (c.last_message_at AT TIME ZONE 'UTC')::text AS last_message_at_utc,
            c.last_inbound_at, c.last_message_preview, c.last_message_direction, c.last_message_status,
            c.unread_count, c.status
       FROM ${s}.conversation c
      WHERE ${where.join(" AND ")}
      ORDER BY c.last_message_at DESC NULLS LAST, c.id DESC
      LIMIT $2`,
    values,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    conversations: page.map(toInboxConversation),
    nextCursor:
      rows.length > limit && last
        ? encodeInboxCursor({ lastMessageAt: last.last_message_at_utc, id: last.id })
        : undefined,
  };
}

function toInboxConversation(row: InboxRow): InboxConversation {
  return {
    id: row.id,
    chatAccountId: row.chat_account_id,
    contactHandle: row.contact_handle,
    contactDisplayName: row.contact_display_name,
    lastMessageAt: row.last_message_at,
    lastInboundAt: row.last_inbound_at,
    lastMessagePreview: row.last_message_preview,
    lastMessageDirection: row.last_message_direction,
    lastMessageStatus: row.last_message_status,
    unreadCount: row.unread_count,
    status: row.status,
  };
}
