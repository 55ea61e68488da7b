import { contactIdFor } from "@cloudpa/contracts";
import { displayNameOf } from "./contact-details.js";
import { openedConversation } from "./conversation-activity.js";
import { type ConversationRecord, type ProjectionRejection, type RowChange, type RowLookup } from "./rows.js";

/** Who an outbound reply went to, as its event names them. */
export interface ReplyRecipient {
  orgId: string;
  commandId: string;
  conversationId: string;
  channelId: string;
  /** The customer's handle. */
  to: string;
  at: Date;
}

/**
 * The conversation a reply belongs to: the known one, or, for the first message of a
 * conversation the freelancer started, a new one (and its contact, in `changes`). Rejected when
 * the event names a conversation of another org or customer.
 */
export function conversationForReply(
  rows: RowLookup,
  reply: ReplyRecipient,
  label: string,
): { conversation: ConversationRecord; changes: RowChange[] } | { rejected: ProjectionRejection } {
  const contactId = contactIdFor(reply.orgId, reply.to);
  const known = rows.conversation(reply.conversationId);
  if (known && (known.orgId !== reply.orgId || known.contactId !== contactId)) {
    return {
      rejected: {
        code: "PROJECTION.CONVERSATION_CONFLICT",
        reason: `${label} ${reply.commandId} names conversation ${reply.conversationId} of another org or contact`,
      },
    };
  }
  const changes: RowChange[] = [];
  const contact = rows.contact(contactId);
  if (!contact) {
    changes.push({
      table: "contact",
      row: {
        id: contactId,
        orgId: reply.orgId,
        handle: reply.to,
        waId: null,
        profileName: null,
        firstSeenAt: reply.at,
        name: null,
        email: null,
        company: null,
        notes: null,
      },
    });
  }
  const conversation =
    known ??
    openedConversation({
      id: reply.conversationId,
      orgId: reply.orgId,
      chatAccountId: reply.channelId,
      contactId,
      contactHandle: reply.to,
      contactDisplayName: contact ? displayNameOf(contact) : reply.to,
      createdAt: reply.at,
    });
  return { conversation, changes };
}
