export { ChatAccount, type ChatAccountRow } from "./entities/chat-account.entity.js";
export { Contact, type ContactRow } from "./entities/contact.entity.js";
export { Conversation, type ConversationRow } from "./entities/conversation.entity.js";
export { Message, type MessageRow } from "./entities/message.entity.js";
export { PendingStatus, type PendingStatusRow } from "./entities/pending-status.entity.js";
export { ProjectionCheckpoint, type ProjectionCheckpointRow } from "./entities/projection-checkpoint.entity.js";
export { QuarantinedEvent, type QuarantinedEventRow } from "./entities/quarantined-event.entity.js";
export {
  type CheckedEvent,
  checkStoredEvent,
  type SignatureCheck,
  type StoredEvent,
  type StreamMessage,
  storedEventOf,
} from "./history/checked-event.js";
export {
  type ConversationHistory,
  type ConversationHistoryInput,
  type ConversationRef,
  conversationHistory,
  conversationsOfMessageSid,
  type HistoryEntry,
  type QuarantineNote,
} from "./history/conversation-history.js";
export {
  bodyPreview,
  conversationSummaryOf,
  eventSummaryOf,
  type OutcomeKind,
  outcomeOf,
  rowSummaryOf,
  shortId,
  subjectPartsOf,
  typeOf,
} from "./history/history-summary.js";
export { type ProducedRow, producedRowOf } from "./history/produced-row.js";
export { type ReadCheckedEventsOptions, readCheckedEvents } from "./history/read-checked-events.js";
export {
  EXECUTED_MIGRATIONS_TABLE,
  migrateSchema,
  migratorOptions,
  type SchemaMigrations,
} from "./migrate/migrate-schema.js";
export { type MigrationClass, sqlMigration } from "./migrate/sql-migration.js";
export {
  createReadModelOrm,
  migrateReadModel,
  type ReadModelOrm,
  type ReadModelOrmOptions,
  readModelEntities,
  readModelMigrations,
} from "./orm.js";
export * from "./projection.js";
export { channelsOfOrg, type OrgChannel } from "./queries/channels-of-org.query.js";
export {
  type ContactCard,
  type ContactConversation,
  contactCard,
} from "./queries/contact-card.query.js";
export {
  type ConversationNote,
  conversationNotes,
  MAX_CONVERSATION_NOTES,
  noteOfOrg,
} from "./queries/conversation-notes.query.js";
export {
  CONVERSATION_PAGE_MESSAGES,
  type ConversationMessage,
  type ConversationPage,
  conversationPage,
} from "./queries/conversation-page.query.js";
export { type ConversationView, conversationView } from "./queries/conversation-view.query.js";
export { conversationsKept } from "./queries/conversations-kept.query.js";
export { decodeInboxCursor, encodeInboxCursor, type InboxCursor } from "./queries/inbox-cursor.js";
export { type InboxOrgReads, inboxOrgReads, type LabelOfOrgJson } from "./queries/inbox-org-reads.query.js";
export {
  containsPattern,
  INBOX_VIEWS,
  type InboxConversation,
  InboxCursorError,
  type InboxPage,
  type InboxPageInput,
  type InboxView,
  inboxPage,
  MAX_INBOX_PAGE,
} from "./queries/inbox-page.query.js";
export { type LabelOfOrg, labelOfOrg, labelsOfOrg, MAX_LABELS } from "./queries/labels-of-org.query.js";
export {
  decodeMessageCursor,
  encodeMessageCursor,
  type MessageCursor,
  MessageCursorError,
} from "./queries/message-cursor.js";
export {
  CONTEXT_BEFORE,
  HISTORY_PAGE,
  type HistoryHit,
  type HistoryPage,
  MAX_HISTORY_HITS,
  MAX_HISTORY_PAGE,
  messagesAfter,
  messagesAround,
  messagesBefore,
  searchConversation,
} from "./queries/message-history.query.js";
export type { LatestCustomerMessage } from "./queries/new-message-alerts.query.js";
export { compiledQuery, type ReadModelDb } from "./queries/read-model-db.js";
export {
  MAX_SAVED_REPLIES,
  type SavedReplyOfOrg,
  savedRepliesOfOrg,
  savedReplyOfOrg,
} from "./queries/saved-replies-of-org.query.js";
export { type NamedStatement, quotedSchema, type SqlQueryable } from "./queries/sql-queryable.js";
export { unreadConversationsUpTo } from "./queries/unread-conversations.query.js";
