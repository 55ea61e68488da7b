/**
 * The columns of a conversation `c` that make a ConversationSummary: each row of the inbox, and
 * the API's conversation (a summary with its messages) select all of them.
 */
export const CONVERSATION_SUMMARY_COLUMNS = [
  "c.id",
  "c.chat_account_id as chatAccountId",
  "c.contact_handle as contactHandle",
  "c.contact_display_name as contactDisplayName",
  "c.last_message_at as lastMessageAt",
  "c.last_inbound_at as lastInboundAt",
  "c.last_message_preview as lastMessagePreview",
  "c.last_message_direction as lastMessageDirection",
  "c.last_message_status as lastMessageStatus",
  "c.unread_count as unreadCount",
  "c.marked_unread as markedUnread",
  "c.muted",
  "c.muted_until as mutedUntil",
  "c.status",
  "c.pinned",
  "c.snoozed_until as snoozedUntil",
  "c.archived_at as archivedAt",
  "c.label_ids as labelIds",
] as const;
