import type { MediaItem } from "@cloudpa/contracts";
import { quotedSchema, type SqlQueryable } from "./sql-queryable.js";

export interface ConversationMessage {
  id: string;
  direction: "inbound" | "outbound";
  providerSid: string | null;
  commandId: string | null;
  body: string;
  media: MediaItem[];
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  failureReason: string | null;
  sentAt: Date;
  statusAt: Date | null;
}

export interface ConversationPage {
  id: string;
  orgId: string;
  chatAccountId: string;
  contactHandle: string;
  contactDisplayName: string;
  lastMessageAt: Date | null;
  lastInboundAt: Date | null;
  unreadCount: number;
  status: string;
  channel: { externalPhoneId: string; displayName: string | null; isActive: boolean } | null;
  /** The latest messages, oldest first. */
  messages: ConversationMessage[];
  /** Whether older messages exist than the first one here. */
  hasOlder: boolean;
}

export const CONVERSATION_PAGE_MESSAGES = 200;

interface ConversationRow {
  id: string;
  org_id: string;
  chat_account_id: string;
  contact_handle: string;
  contact_display_name: string;
  last_message_at: Date | null;
  last_inbound_at: Date | null;
  unread_count: number;
  status: string;
  channel_phone: string | null;
  channel_name: string | null;
  channel_active: boolean | null;
  messages: {
    id: string;
    direction: "inbound" | "outbound";
    provider_sid: string | null;
    command_id: string | null;
    body: string;
    media: MediaItem[];
    status: string;
    error_code: string | null;
    error_message: string | null;
    failure_reason: string | null;
    sent_at: string;
    status_at: string | null;
  }[];
}

/**
 * A conversation of one org with its latest messages, in one query (the messages come from
 * the (conversation_id, sent_at) index, newest first, then are put in reading order).
 * Another org's conversation is simply not found.
 */
export async function conversationPage(
  db: SqlQueryable,
  input: { orgId: string; conversationId: string; limit?: number; schema?: string },
): Promise<ConversationPage | undefined> {
  const s = quotedSchema(input.schema ?? "readmodel");
  const limit = Math.min(Math.max(1, input.limit ?? CONVERSATION_PAGE_MESSAGES), 1000);
  const { rows } = await db.query<ConversationRow>(
    `SELECT c.id, c.org_id, c.chat_account_id, c.contact_handle, c.contact_display_name, c.last_message_at,
            c.last_inbound_at, c.unread_count, c.status,
            a.external_phone_id AS channel_phone, a.display_name AS channel_name, a.is_active AS channel_active,
            COALESCE((
              SELECT json_agg(latest ORDER BY latest.sent_at, latest.id)
                FROM (SELECT m.id, m.direction, m.provider_sid, m.command_id, m.body, m.media, m.status, m.error_code,
                             m.error_message, m.failure_reason, m.sent_at, m.status_at
                        FROM ${s}.message m
                       WHERE m.conversation_id = c.id
                       ORDER BY m.sent_at DESC
                       LIMIT $3) latest
            ), '[]'::json) AS messages
       FROM ${s}.conversation c
       LEFT JOIN ${s}.chat_account a ON a.id = c.chat_account_id AND a.org_id = c.org_id
      WHERE c.id = $1 AND c.org_id = $2`,
    [input.conversationId, input.orgId, limit + 1],
  );
  const row = rows[0];
  if (!row) return undefined;
  const hasOlder = row.messages.length > limit;
  const messages = hasOlder ? row.messages.slice(1) : row.messages;
  return {
    id: row.id,
    orgId: row.org_id,
    chatAccountId: row.chat_account_id,
    contactHandle: row.contact_handle,
    contactDisplayName: row.contact_display_name,
    lastMessageAt: row.last_message_at,
    lastInboundAt: row.last_inbound_at,
    unreadCount: row.unread_count,
    status: row.status,
    channel:
      row.channel_phone === null
        ? null
        : { externalPhoneId: row.channel_phone, displayName: row.channel_name, isActive: row.channel_active === true },
    hasOlder,
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      providerSid: m.provider_sid,
      commandId: m.command_id,
      body: m.body,
      media: m.media,
      status: m.status,
      errorCode: m.error_code,
      errorMessage: m.error_message,
      failureReason: m.failure_reason,
      sentAt: new Date(m.sent_at),
      statusAt: m.status_at === null ? null : new Date(m.status_at),
    })),
  };
}
