import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * The whole history (issue 15): a conversation's messages are read in keyset pages on
 * (sent_at, id), so two messages sent at the same instant are neither skipped nor repeated
 * between pages. The conversation's index gains `id`, keeping its name: the latest page and
 * every older or newer page read it in order, with no sort of the conversation's messages.
 * Frozen as applied since 2026-12-03.
 */
export const Migration20261203MessageHistoryKeyset = sqlMigration(
  "Migration20261203MessageHistoryKeyset",
  "drop index if exists message_conversation_sent_at_idx",
  "create index message_conversation_sent_at_idx on message (conversation_id, sent_at, id)",
);
