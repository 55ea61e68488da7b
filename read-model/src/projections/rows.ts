import type { MediaItem } from "@cloudpa/contracts";

/** The read model's rows as the pure projections see them (one interface per table). */
export interface ChatAccountRecord {
  id: string;
  orgId: string;
  provider: string;
  externalPhoneId: string;
  accountSid: string;
  displayName: string | null;
  isActive: boolean;
  connectedAt: Date;
  disconnectedAt: Date | null;
}

export interface ContactRecord {
  id: string;
  orgId: string;
  handle: string;
  waId: string | null;
  profileName: string | null;
  firstSeenAt: Date;
}

export interface ConversationRecord {
  id: string;
  orgId: string;
  chatAccountId: string;
  contactId: string;
  contactHandle: string;
  contactDisplayName: string;
  lastMessageId: string | null;
  lastMessageAt: Date | null;
  lastInboundAt: Date | null;
  lastMessagePreview: string | null;
  lastMessageDirection: "inbound" | "outbound" | null;
  lastMessageStatus: string | null;
  unreadCount: number;
  status: string;
  createdAt: Date;
}

export interface MessageRecord {
  id: string;
  orgId: string;
  conversationId: string;
  direction: "inbound" | "outbound";
  providerSid: string | null;
  commandId: string | null;
  body: string;
  media: MediaItem[];
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  failureReason: string | null;
  requestedBy: string | null;
  sentAt: Date;
  statusAt: Date | null;
}

export interface PendingStatusRecord {
  providerSid: string;
  orgId: string;
  conversationId: string;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  reportedAt: Date;
}

/** What a projection may read: the current rows it needs, by key. */
export interface RowLookup {
  chatAccount(id: string): ChatAccountRecord | undefined;
  chatAccountByPhone(orgId: string, provider: string, externalPhoneId: string): ChatAccountRecord | undefined;
  contact(id: string): ContactRecord | undefined;
  conversation(id: string): ConversationRecord | undefined;
  message(id: string): MessageRecord | undefined;
  messageBySid(orgId: string, providerSid: string): MessageRecord | undefined;
  pendingStatus(orgId: string, providerSid: string): PendingStatusRecord | undefined;
}

/**
 * A row change: put (insert or replace) a whole row, delete a pending status, or erase a contact
 * with every row of its conversations.
 */
export type RowChange =
  | { table: "chat_account"; row: ChatAccountRecord }
  | { table: "contact"; row: ContactRecord }
  | { table: "conversation"; row: ConversationRecord }
  | { table: "message"; row: MessageRecord }
  | { table: "pending_status"; row: PendingStatusRecord }
  | { table: "pending_status"; deleted: PendingStatusKey }
  | { erased: ContactErasure };

/**
 * A contact of one org and its conversations, erased: the contact, the conversations, their
 * messages, pending statuses and quarantined events go, whatever the batch loaded of them.
 */
export interface ContactErasure {
  orgId: string;
  contactId: string;
  conversationIds: string[];
}

/** A pending status is one org's MessageSid. */
export interface PendingStatusKey {
  orgId: string;
  providerSid: string;
}

/** An event the read model cannot hold; the projector quarantines it with this code. */
export interface ProjectionRejection {
  code: `PROJECTION.${string}`;
  reason: string;
}

export type ProjectionResult = { changes: RowChange[] } | { rejected: ProjectionRejection };

export const unchanged: ProjectionResult = { changes: [] };

export function rejected(code: ProjectionRejection["code"], reason: string): ProjectionResult {
  return { rejected: { code, reason } };
}
