import type { ConversationRead } from "@cloudpa/contracts";
import { type ProjectionResult, type RowLookup, unchanged } from "./rows.js";

/** The freelancer opened the conversation: nothing is unread any more. */
export function projectConversationRead(rows: RowLookup, event: ConversationRead): ProjectionResult {
  const conversation = rows.conversation(event.conversationId);
  if (!conversation || conversation.orgId !== event.orgId || conversation.unreadCount === 0) return unchanged;
  return { changes: [{ table: "conversation", row: { ...conversation, unreadCount: 0, markedUnread: false } }] };
}
