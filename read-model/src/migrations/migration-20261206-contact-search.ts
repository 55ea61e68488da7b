import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * The inbox's search by name and number reads a trigram index on `contact` (the name the
 * freelancer set, the profile name, the number), and the conversation's own search index goes:
 * every message rewrites its conversation's row, and with it every trigram of name, number and
 * preview went into that GIN again, about a sixth of the live projector's time (issue 16,
 * docs/decisions/044).
 * Message text keeps `message_body_trgm_idx`. Frozen as applied since 2026-12-06.
 */
export const Migration20261206ContactSearch = sqlMigration(
  "Migration20261206ContactSearch",
  "create index if not exists contact_search_trgm_idx on contact using gin ((coalesce(name, '') || ' ' || coalesce(profile_name, '') || ' ' || handle) public.gin_trgm_ops)",
  "drop index if exists conversation_search_trgm_idx",
);
