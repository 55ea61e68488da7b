import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * An inbox in order, part two (issue 15): private notes in a conversation (`conversation_note`,
 * listed by conversation and time) and what the freelancer keeps of a contact (name, email,
 * company, notes; null until set). Frozen as applied since 2026-12-02.
 */
export const Migration20261202NotesAndContactDetails = sqlMigration(
  "Migration20261202NotesAndContactDetails",
  `create table conversation_note (
      id uuid primary key,
      org_id uuid not null,
      conversation_id uuid not null,
      author_id text not null,
      body text not null,
      created_at timestamptz not null,
      edited_at timestamptz,
      deleted_at timestamptz
    )`,
  "create index conversation_note_conversation_idx on conversation_note (org_id, conversation_id, created_at)",
  "alter table contact add column name text",
  "alter table contact add column email text",
  "alter table contact add column company text",
  "alter table contact add column notes text",
);
