import { messagePreviewOf } from "@cloudpa/contracts";
import { broughtBackByCustomer, withInboxAt } from "./conversation-organized.js";
import { statusAdvances } from "./message-status-order.js";
import type { ConversationRecord, MessageRecord, PendingStatusRecord, RowChange, RowLookup } from "./rows.js";

/** Who a new conversation is with, on which channel, and since when: all its first message sets. */
export type ConversationOpening = Pick<
  ConversationRecord,
  "id" | "orgId" | "chatAccountId" | "contactId" | "contactHandle" | "contactDisplayName" | "createdAt"
>;

/**
 * A conversation as its first message opens it, before the message is added (conversationWithMessage):
 * no message yet, nothing unread, open, and in none of the freelancer's orders (archive, snooze,
 * pin, labels).
 */
export function openedConversation(opening: ConversationOpening): ConversationRecord {
  return {
    ...opening,
    lastMessageId: null,
    lastMessageAt: null,
    lastInboundAt: null,
    lastMessagePreview: null,
    lastMessageDirection: null,
    lastMessageStatus: null,
    unreadCount: 0,
    markedUnread: false,
    muted: false,
    mutedUntil: null,
    status: "open",
    archivedAt: null,
    snoozedUntil: null,
    pinned: false,
    inboxAt: null,
    labelIds: [],
  };
}

/** The conversation after `message` was added: the newest message (by time, ties to the later event) is the last one. */
export function conversationWithMessage(conversation: ConversationRecord, message: MessageRecord): ConversationRecord {
  const next = { ...conversation };
  if (!conversation.lastMessageAt || message.sentAt.getTime() >= conversation.lastMessageAt.getTime()) {
    next.lastMessageId = message.id;
    next.lastMessageAt = message.sentAt;
    next.lastMessagePreview = messagePreviewOf(message.kind, message.details, message.body, message.media);
    next.lastMessageDirection = message.direction;
    next.lastMessageStatus = message.status;
  }
  if (message.direction === "inbound") {
    if (!conversation.lastInboundAt || message.sentAt.getTime() > conversation.lastInboundAt.getTime()) {
      next.lastInboundAt = message.sentAt;
    }
    // A conversation marked unread held a 1 of no message: this message is its one unread.
    next.unreadCount = conversation.markedUnread ? 1 : conversation.unreadCount + 1;
    next.markedUnread = false;
    // A customer writing brings an archived conversation back, and ends a snooze it interrupts (issue 15).
    return broughtBackByCustomer(next, message.sentAt);
  }
  return withInboxAt(next);
}

/** The message with a reported status applied, or the same object when the status does not advance it. */
export function messageWithStatus(
  message: MessageRecord,
  status: { status: string; errorCode: string | null; errorMessage: string | null; reportedAt: Date },
): MessageRecord {
  if (!statusAdvances(message.status, status.status)) return message;
  return {
    ...message,
    status: status.status,
    errorCode: status.errorCode ?? message.errorCode,
    errorMessage: status.errorMessage ?? message.errorMessage,
    statusAt: status.reportedAt,
  };
}

/** A new message picks up the status that arrived before it, and the pending row goes. */
export function withPendingStatus(
  rows: RowLookup,
  message: MessageRecord,
): { message: MessageRecord; changes: RowChange[] } {
  if (!message.providerSid) return { message, changes: [] };
  const pending: PendingStatusRecord | undefined = rows.pendingStatus(message.orgId, message.providerSid);
  if (!pending) return { message, changes: [] };
  return {
    message: messageWithStatus(message, pending),
    changes: [{ table: "pending_status", deleted: { orgId: pending.orgId, providerSid: pending.providerSid } }],
  };
}
