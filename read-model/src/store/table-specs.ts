import type {
  ChatAccountRecord,
  ContactRecord,
  ConversationRecord,
  MessageRecord,
  PendingStatusRecord,
} from "../projections/rows.js";

type ColumnType = "uuid" | "text" | "boolean" | "integer" | "timestamptz" | "jsonb";

export interface ColumnSpec<R> {
  column: string;
  field: keyof R & string;
  type: ColumnType;
}

export interface TableSpec<R> {
  table: string;
  /** The columns of the primary key: the conflict target of an upsert. */
  key: string[];
  columns: ColumnSpec<R>[];
}

const col = <R>(column: string, field: keyof R & string, type: ColumnType): ColumnSpec<R> => ({ column, field, type });

export const chatAccountTable: TableSpec<ChatAccountRecord> = {
  table: "chat_account",
  key: ["id"],
  columns: [
    col("id", "id", "uuid"),
    col("org_id", "orgId", "uuid"),
    col("provider", "provider", "text"),
    col("external_phone_id", "externalPhoneId", "text"),
    col("account_sid", "accountSid", "text"),
    col("display_name", "displayName", "text"),
    col("is_active", "isActive", "boolean"),
    col("connected_at", "connectedAt", "timestamptz"),
    col("disconnected_at", "disconnectedAt", "timestamptz"),
  ],
};

export const contactTable: TableSpec<ContactRecord> = {
  table: "contact",
  key: ["id"],
  columns: [
    col("id", "id", "uuid"),
    col("org_id", "orgId", "uuid"),
    col("handle", "handle", "text"),
    col("wa_id", "waId", "text"),
    col("profile_name", "profileName", "text"),
    col("first_seen_at", "firstSeenAt", "timestamptz"),
  ],
};

export const conversationTable: TableSpec<ConversationRecord> = {
  table: "conversation",
  key: ["id"],
  columns: [
    col("id", "id", "uuid"),
    col("org_id", "orgId", "uuid"),
    col("chat_account_id", "chatAccountId", "uuid"),
    col("contact_id", "contactId", "uuid"),
    col("contact_handle", "contactHandle", "text"),
    col("contact_display_name", "contactDisplayName", "text"),
    col("last_message_id", "lastMessageId", "uuid"),
    col("last_message_at", "lastMessageAt", "timestamptz"),
    col("last_inbound_at", "lastInboundAt", "timestamptz"),
    col("last_message_preview", "lastMessagePreview", "text"),
    col("last_message_direction", "lastMessageDirection", "text"),
    col("last_message_status", "lastMessageStatus", "text"),
    col("unread_count", "unreadCount", "integer"),
    col("status", "status", "text"),
    col("created_at", "createdAt", "timestamptz"),
  ],
};

export const messageTable: TableSpec<MessageRecord> = {
  table: "message",
  key: ["id"],
  columns: [
    col("id", "id", "uuid"),
    col("org_id", "orgId", "uuid"),
    col("conversation_id", "conversationId", "uuid"),
    col("direction", "direction", "text"),
    col("provider_sid", "providerSid", "text"),
    col("command_id", "commandId", "uuid"),
    col("body", "body", "text"),
    col("media", "media", "jsonb"),
    col("status", "status", "text"),
    col("error_code", "errorCode", "text"),
    col("error_message", "errorMessage", "text"),
    col("failure_reason", "failureReason", "text"),
    col("requested_by", "requestedBy", "text"),
    col("sent_at", "sentAt", "timestamptz"),
    col("status_at", "statusAt", "timestamptz"),
  ],
};

export const pendingStatusTable: TableSpec<PendingStatusRecord> = {
  table: "pending_status",
  key: ["org_id", "provider_sid"],
  columns: [
    col("provider_sid", "providerSid", "text"),
    col("org_id", "orgId", "uuid"),
    col("conversation_id", "conversationId", "uuid"),
    col("status", "status", "text"),
    col("error_code", "errorCode", "text"),
    col("error_message", "errorMessage", "text"),
    col("reported_at", "reportedAt", "timestamptz"),
  ],
};
