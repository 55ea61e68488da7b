import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * Saved replies (issue 15): an org's saved replies (`saved_reply`, listed by shortcut); a deleted
 * one keeps its row, emptied, with `deleted_at` set. Frozen as applied since 2026-12-03.
 */
export const Migration20261203SavedReplies = sqlMigration(
  "Migration20261203SavedReplies",
  `create table saved_reply (
      id uuid primary key,
      org_id uuid not null,
      name text not null,
      shortcut text not null,
      body text not null,
      created_at timestamptz not null,
      edited_at timestamptz,
      deleted_at timestamptz
    )`,
  "create index saved_reply_org_shortcut_idx on saved_reply (org_id, shortcut)",
);
