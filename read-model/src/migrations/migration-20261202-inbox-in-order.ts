import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * An inbox in order (issue 15): a conversation may be archived, snoozed until a time, or pinned,
 * and the inbox lists pinned ones first, then by `inbox_at` (the later of the last message and
 * the snooze's end). The keyset indexes follow that order; archived conversations have their own.
 * Existing rows are in the inbox, unpinned, ordered by their last message. Frozen as applied
 * since 2026-12-02.
 */
export const Migration20261202InboxInOrder = sqlMigration(
  "Migration20261202InboxInOrder",
  "alter table conversation add column archived_at timestamptz",
  "alter table conversation add column snoozed_until timestamptz",
  "alter table conversation add column pinned boolean not null default false",
  "alter table conversation add column inbox_at timestamptz",
  "update conversation set inbox_at = last_message_at",
  "drop index if exists conversation_org_keyset_idx",
  "drop index if exists conversation_org_unread_idx",
  "create index conversation_inbox_keyset_idx on conversation (org_id, pinned desc, inbox_at desc nulls last, id desc) where archived_at is null",
  "create index conversation_inbox_unread_idx on conversation (org_id, pinned desc, inbox_at desc nulls last, id desc) where archived_at is null and unread_count > 0",
  "create index conversation_archived_keyset_idx on conversation (org_id, pinned desc, inbox_at desc nulls last, id desc) where archived_at is not null",
);
