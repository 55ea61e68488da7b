import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * The loaders at 100,000 conversations with labels, archives, snoozes and notes (issue 15, the
 * bench's inbox group):
 * - A conversation snoozed into the future sorts on top of the inbox's keyset order (its
 *   `inbox_at` is the snooze's end) yet is hidden, so every first page walked past all of them,
 *   fetching each row to read `snoozed_until` (3,228 rows, 3-17 ms, on the bench's seed). The
 *   inbox's keyset indexes keep their names and order and gain
 *   `coalesce(snoozed_until, '-infinity')` as a last key column, which the inbox's query compares
 *   with now: the index skips them without reading the rows.
 * - The contact card lists a contact's conversations by (org_id, contact_id), which no index
 *   held: every conversation view scanned the whole table (77 ms at 100,000).
 * Frozen as applied since 2026-12-03.
 */
export const Migration20261203LoaderIndexes = sqlMigration(
  "Migration20261203LoaderIndexes",
  "drop index if exists conversation_inbox_keyset_idx",
  "create index conversation_inbox_keyset_idx on conversation (org_id, pinned desc, inbox_at desc nulls last, id desc, (coalesce(snoozed_until, '-infinity'::timestamptz))) where archived_at is null",
  "drop index if exists conversation_inbox_unread_idx",
  "create index conversation_inbox_unread_idx on conversation (org_id, pinned desc, inbox_at desc nulls last, id desc, (coalesce(snoozed_until, '-infinity'::timestamptz))) where archived_at is null and unread_count > 0",
  "create index conversation_org_contact_idx on conversation (org_id, contact_id)",
);
