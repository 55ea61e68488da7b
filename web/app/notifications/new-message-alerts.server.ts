import { kindPreviewOf, type MessageDetails } from "@cloudpa/contracts";
import { previewOf, quotedSchema, type SqlQueryable, unreadConversationsUpTo } from "@cloudpa/read-model";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import { NO_PREVIEW } from "./push-payload.ts";
import { UNREAD_SHOWN_AT_MOST } from "./unread-badge.ts";

/** How many of the latest customer messages a page compares with what it saw before. */
export const ALERT_MESSAGES = 5;

/** One of the org's latest customer messages, as an open tab notifies it. */
export interface AlertMessage {
  id: string;
  conversationId: string;
  sender: string;
  /** The message's line, or `NO_PREVIEW` when the user turned previews off. */
  preview: string;
}

/** What an open tab needs to tell of new messages: the unread count, and the latest customer messages. */
export interface NewMessageAlerts {
  /**
   * Conversations with unread customer messages in the inbox (not archived, not snoozed): the
   * title's and favicon's count, counted up to one more than they show (UNREAD_SHOWN_AT_MOST), so
   * 100 means 100 or more.
   */
  unreadConversations: number;
  /** Newest first. */
  latest: AlertMessage[];
}

/** Reads the org's alerts in the snapshot the inbox reads (so they match its position). */
export async function newMessageAlertsOf(
  snapshot: SqlQueryable,
  input: { schema: string; orgId: string; preview: boolean },
): Promise<NewMessageAlerts> {
  const schema = quotedSchema(input.schema);
  const [unread, latest] = await Promise.all([
    unreadConversationsUpTo(snapshot, { orgId: input.orgId, atMost: UNREAD_SHOWN_AT_MOST + 1, schema: input.schema }),
    snapshot.query<{
      id: string;
      conversation_id: string;
      contact_display_name: string;
      body: string;
      media: unknown[];
      kind: string;
      details: MessageDetails | null;
    }>(
      `SELECT m.id, m.conversation_id, c.contact_display_name, m.body, m.media, m.kind, m.details
         FROM ${schema}.message m JOIN ${schema}.conversation c ON c.id = m.conversation_id
        WHERE m.org_id = $1 AND m.direction = 'inbound'
        ORDER BY m.sent_at DESC, m.id DESC LIMIT ${ALERT_MESSAGES}`,
      [input.orgId],
    ),
  ]);
  return {
    unreadConversations: unread,
    latest: latest.rows.map((row) => {
      const text = kindPreviewOf(row.kind, row.details) ?? previewOf(row.body, row.media.length);
      return {
        id: row.id,
        conversationId: row.conversation_id,
        sender: shownHandle(row.contact_display_name),
        preview: input.preview && text ? text : NO_PREVIEW,
      };
    }),
  };
}
