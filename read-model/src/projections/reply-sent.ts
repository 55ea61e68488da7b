import { contactIdFor, type ReplySent } from "@cloudpa/contracts";
import { conversationWithMessage, withPendingStatus } from "./conversation-activity.js";
import { hasNul, plainKindOf } from "./message-ids.js";
import {
  type ConversationRecord,
  type ProjectionResult,
  type RowChange,
  type RowLookup,
  rejected,
  unchanged,
} from "./rows.js";
import { storedMediaItems } from "./stored-media.js";

/** Twilio accepted a reply: an outbound message (id = commandId) with Twilio's status. */
export function projectReplySent(rows: RowLookup, event: ReplySent): ProjectionResult {
  if (hasNul(event.body))
    return rejected("PROJECTION.UNSTORABLE_TEXT", `reply ${event.commandId} carries a NUL character`);
  const known = rows.message(event.commandId);
  if (known) {
    if (known.orgId === event.orgId) return unchanged;
    return rejected("PROJECTION.COMMAND_CONFLICT", `reply ${event.commandId} names a message of another org`);
  }
  const sidOwner = rows.messageBySid(event.orgId, event.messageSid);
  if (sidOwner) {
    return rejected(
      "PROJECTION.SID_CONFLICT",
      `MessageSid ${event.messageSid} already belongs to message ${sidOwner.id}`,
    );
  }
  const sentAt = new Date(event.sentAt);
  const contactId = contactIdFor(event.orgId, event.to);
  const conversationKnown = rows.conversation(event.conversationId);
  if (conversationKnown && (conversationKnown.orgId !== event.orgId || conversationKnown.contactId !== contactId)) {
    return rejected(
      "PROJECTION.CONVERSATION_CONFLICT",
      `reply ${event.commandId} names conversation ${event.conversationId} of another org or contact`,
    );
  }
  const changes: RowChange[] = [];
  const contact = rows.contact(contactId);
  if (!contact) {
    changes.push({
      table: "contact",
      row: { id: contactId, orgId: event.orgId, handle: event.to, waId: null, profileName: null, firstSeenAt: sentAt },
    });
  }
  const conversation: ConversationRecord = conversationKnown ?? {
    id: event.conversationId,
    orgId: event.orgId,
    chatAccountId: event.channelId,
    contactId,
    contactHandle: event.to,
    contactDisplayName: contact?.profileName ?? event.to,
    lastMessageId: null,
    lastMessageAt: null,
    lastInboundAt: null,
    lastMessagePreview: null,
    lastMessageDirection: null,
    lastMessageStatus: null,
    unreadCount: 0,
    status: "open",
    createdAt: sentAt,
  };
  const { message, changes: pendingChanges } = withPendingStatus(rows, {
    id: event.commandId,
    orgId: event.orgId,
    conversationId: event.conversationId,
    direction: "outbound",
    providerSid: event.messageSid,
    commandId: event.commandId,
    body: event.body,
    media: storedMediaItems(event.media),
    ...plainKindOf(event.media?.length ?? 0),
    status: event.status,
    errorCode: null,
    errorMessage: null,
    failureReason: null,
    requestedBy: event.requestedBy,
    sentAt,
    statusAt: null,
  });
  changes.push(
    { table: "conversation", row: conversationWithMessage(conversation, message) },
    { table: "message", row: message },
    ...pendingChanges,
  );
  return { changes };
}
