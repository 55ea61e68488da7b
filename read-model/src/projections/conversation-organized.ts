import type { ConversationOrganized } from "@cloudpa/contracts";
import type { ConversationRecord, ProjectionResult, RowLookup } from "./rows.js";
import { sameFlatRow, unchanged } from "./rows.js";

/**
 * Where the inbox lists a conversation after its pinned flag: the later of its last message and
 * its snooze's end, so a snoozed conversation is back on top once the time passes (the query
 * hides it until then). The one place this order is computed.
 */
export function inboxAtOf(conversation: Pick<ConversationRecord, "lastMessageAt" | "snoozedUntil">): Date | null {
  const { lastMessageAt, snoozedUntil } = conversation;
  if (!lastMessageAt || !snoozedUntil) return lastMessageAt;
  return snoozedUntil.getTime() > lastMessageAt.getTime() ? snoozedUntil : lastMessageAt;
}

/** The conversation with its inbox order recomputed from its last message and snooze. */
export function withInboxAt(conversation: ConversationRecord): ConversationRecord {
  return { ...conversation, inboxAt: inboxAtOf(conversation) };
}

/** The conversation as a new customer message leaves it: back from the archive, woken from a snooze it interrupts. */
export function broughtBackByCustomer(conversation: ConversationRecord, sentAt: Date): ConversationRecord {
  const snoozedPast = conversation.snoozedUntil !== null && conversation.snoozedUntil.getTime() > sentAt.getTime();
  return withInboxAt({
    ...conversation,
    archivedAt: null,
    snoozedUntil: snoozedPast ? null : conversation.snoozedUntil,
  });
}

/**
 * Archive, unarchive, snooze, pin, unpin, mark unread, mute and unmute (issue 15): another org's conversation,
 * or an unknown one, is left alone.
 */
export function projectConversationOrganized(rows: RowLookup, event: ConversationOrganized): ProjectionResult {
  const conversation = rows.conversation(event.conversationId);
  if (!conversation || conversation.orgId !== event.orgId) return unchanged;
  const next = organized(conversation, event);
  // Every field compared, so an organize event that changes one more is never taken for no change.
  if (sameFlatRow(conversation, next)) return unchanged;
  return { changes: [{ table: "conversation", row: next }] };
}

function organized(conversation: ConversationRecord, event: ConversationOrganized): ConversationRecord {
  switch (event.type) {
    case "ConversationArchived":
      return conversation.archivedAt ? conversation : { ...conversation, archivedAt: new Date(event.at) };
    case "ConversationUnarchived":
      return { ...conversation, archivedAt: null };
    case "ConversationSnoozed":
      return withInboxAt({ ...conversation, snoozedUntil: new Date(event.until) });
    case "ConversationPinned":
      return { ...conversation, pinned: true };
    case "ConversationUnpinned":
      return { ...conversation, pinned: false };
    case "ConversationMarkedUnread":
      // Unread messages already say it; else one unread, marked (a dot, not a message counted).
      return conversation.unreadCount > 0 ? conversation : { ...conversation, unreadCount: 1, markedUnread: true };
    case "ConversationMuted":
      return { ...conversation, muted: true, mutedUntil: event.until ? new Date(event.until) : null };
    case "ConversationUnmuted":
      return { ...conversation, muted: false, mutedUntil: null };
    default: {
      const unhandled: never = event;
      throw new Error(`no organizing for ${(unhandled as { type: string }).type}`);
    }
  }
}
