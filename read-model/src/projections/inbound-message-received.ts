import { type InboundMessageReceived, inboundKindOf } from "@cloudpa/contracts";
import { displayNameOf } from "./contact-details.js";
import { conversationWithMessage, openedConversation, withPendingStatus } from "./conversation-activity.js";
import { hasNul, inboundMessageIdFor } from "./message-ids.js";
import { recentContactIdFor } from "./recent-ids.js";
import {
  type ContactRecord,
  type MessageRecord,
  type ProjectionResult,
  type RowChange,
  type RowLookup,
  rejected,
  unchanged,
} from "./rows.js";

/** A customer wrote: upsert the contact, create or touch the conversation, add the message. */
export function projectInboundMessageReceived(rows: RowLookup, event: InboundMessageReceived): ProjectionResult {
  if (hasNul(event.body, event.profileName, event.waId)) {
    return rejected("PROJECTION.UNSTORABLE_TEXT", `message ${event.messageSid} carries a NUL character`);
  }
  const existing = rows.messageBySid(event.orgId, event.messageSid);
  if (existing) {
    if (existing.conversationId === event.conversationId && existing.direction === "inbound") return unchanged;
    return rejected(
      "PROJECTION.SID_CONFLICT",
      `MessageSid ${event.messageSid} already belongs to message ${existing.id} of conversation ${existing.conversationId}`,
    );
  }
  const { kind, details } = inboundKindOf(event);
  if (kind === "reaction") {
    const attached = reactionOnItsMessage(rows, event);
    if (attached) return attached;
  }
  const receivedAt = new Date(event.receivedAt);
  const contactId = recentContactIdFor(event.orgId, event.from);
  const known = rows.conversation(event.conversationId);
  if (
    known &&
    (known.orgId !== event.orgId || known.contactId !== contactId || known.chatAccountId !== event.channelId)
  ) {
    return rejected(
      "PROJECTION.CONVERSATION_CONFLICT",
      `conversation ${event.conversationId} belongs to another org, channel or contact`,
    );
  }

  const previousContact = rows.contact(contactId);
  const contact: ContactRecord = {
    id: contactId,
    orgId: event.orgId,
    handle: event.from,
    waId: event.waId ?? previousContact?.waId ?? null,
    profileName: event.profileName ?? previousContact?.profileName ?? null,
    firstSeenAt: previousContact?.firstSeenAt ?? receivedAt,
    name: previousContact?.name ?? null,
    email: previousContact?.email ?? null,
    company: previousContact?.company ?? null,
    notes: previousContact?.notes ?? null,
  };
  const conversation =
    known ??
    openedConversation({
      id: event.conversationId,
      orgId: event.orgId,
      chatAccountId: event.channelId,
      contactId,
      contactHandle: event.from,
      contactDisplayName: event.from,
      createdAt: receivedAt,
    });
  const { message, changes: pendingChanges } = withPendingStatus(rows, {
    id: inboundMessageIdFor(event.orgId, event.messageSid),
    orgId: event.orgId,
    conversationId: event.conversationId,
    direction: "inbound",
    providerSid: event.messageSid,
    commandId: null,
    body: event.body,
    media: event.media,
    kind,
    details,
    replyToSid: event.repliedToMessageSid ?? null,
    reaction: null,
    status: "received",
    errorCode: null,
    errorMessage: null,
    failureReason: null,
    requestedBy: null,
    sentAt: receivedAt,
    statusAt: null,
  } satisfies MessageRecord);

  const changes: RowChange[] = [
    { table: "contact", row: contact },
    {
      table: "conversation",
      row: {
        ...conversationWithMessage(conversation, message),
        contactDisplayName: displayNameOf(contact),
      },
    },
    { table: "message", row: message },
    ...pendingChanges,
  ];
  return { changes };
}

/**
 * A reaction attaches to the message it reacts to, in the same conversation: that message's
 * `reaction` becomes the emoji (an empty one takes it away, as WhatsApp does). A reaction whose
 * message is not in the read model is kept as a message of kind "reaction" instead (undefined here).
 */
function reactionOnItsMessage(rows: RowLookup, event: InboundMessageReceived): ProjectionResult | undefined {
  if (!event.repliedToMessageSid) return undefined;
  const target = rows.messageBySid(event.orgId, event.repliedToMessageSid);
  if (!target || target.conversationId !== event.conversationId) return undefined;
  const reaction = event.body.trim() === "" ? null : event.body;
  if (target.reaction === reaction) return unchanged;
  return { changes: [{ table: "message", row: { ...target, reaction } }] };
}
