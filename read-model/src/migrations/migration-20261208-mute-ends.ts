import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * A mute's end (ConversationMuted's `until`: 8 hours, a week), null for one until unmuted.
 * Frozen as applied since 2026-12-08.
 */
export const Migration20261208MuteEnds = sqlMigration(
  "Migration20261208MuteEnds",
  "alter table conversation add column if not exists muted_until timestamptz",
);
