import { messagePreviewOf } from "@cloudpa/contracts";
import type { LatestCustomerMessage } from "@cloudpa/read-model";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import { NO_PREVIEW } from "./push-payload.ts";

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

/**
 * The alerts as a tab is given them, from their rows (inboxOrgReads', which leave out a muted
 * conversation's messages: they still count as unread); `preview` false hides the messages' text.
 */
export function newMessageAlertsOf(
  rows: { unreadConversations: number; latest: LatestCustomerMessage[] },
  preview: boolean,
): NewMessageAlerts {
  return {
    unreadConversations: rows.unreadConversations,
    latest: rows.latest.map((row) => {
      const text = messagePreviewOf(row.kind, row.details, row.body, row.media);
      return {
        id: row.id,
        conversationId: row.conversation_id,
        sender: shownHandle(row.contact_display_name),
        preview: preview && text ? text : NO_PREVIEW,
      };
    }),
  };
}
