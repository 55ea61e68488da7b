import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * A conversation marked unread with no unread message (ConversationMarkedUnread) is told apart from
 * one with a message unread: the inbox shows it a dot, not "1". Its unread_count stays 1, so the
 * unread filter and its index are as before. Frozen as applied since 2026-12-08.
 */
export const Migration20261208MarkedUnread = sqlMigration(
  "Migration20261208MarkedUnread",
  "alter table conversation add column if not exists marked_unread boolean not null default false",
);
