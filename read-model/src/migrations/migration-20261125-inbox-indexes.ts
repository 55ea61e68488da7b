import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * The indexes the web's inbox reads (its exact keyset order, its unread filter, trigram search by
 * name, number, last message and message text), as applied since 2026-11-25: frozen. pg_trgm lives
 * in `public`, so dropping a rebuilt schema never drops the extension. (For its first twenty minutes of
 * development, commit 5e15ea1, the search index was `conversation_name_trgm_idx` over the three
 * columns; a database migrated then needs the search index below made by hand.)
 */
export const Migration20261125InboxIndexes = sqlMigration(
  "Migration20261125InboxIndexes",
  "create extension if not exists pg_trgm with schema public",
  "create index if not exists conversation_org_keyset_idx on conversation (org_id, last_message_at desc nulls last, id desc)",
  "create index if not exists conversation_org_unread_idx on conversation (org_id, last_message_at desc nulls last, id desc) where unread_count > 0",
  "create index if not exists conversation_search_trgm_idx on conversation using gin ((contact_display_name || ' ' || contact_handle || ' ' || coalesce(last_message_preview, '')) public.gin_trgm_ops)",
  "create index if not exists message_body_trgm_idx on message using gin (body public.gin_trgm_ops)",
);
