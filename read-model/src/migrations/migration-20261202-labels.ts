import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * Labels (issue 15): an org's labels (`label`, listed by name), and each conversation's labels as
 * a JSON array of label ids, with a GIN index for the inbox's label filter. Existing conversations
 * have none. Frozen as applied since 2026-12-02.
 */
export const Migration20261202Labels = sqlMigration(
  "Migration20261202Labels",
  `create table label (
      id uuid primary key,
      org_id uuid not null,
      name text not null,
      colour text not null,
      created_at timestamptz not null
    )`,
  "create index label_org_name_idx on label (org_id, name)",
  "alter table conversation add column label_ids jsonb not null default '[]'",
  "create index conversation_label_ids_idx on conversation using gin (label_ids jsonb_path_ops)",
);
