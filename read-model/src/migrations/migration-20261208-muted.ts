import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * A conversation the freelancer muted (ConversationMuted, WhatsApp's "Mute notifications"): its
 * customer's messages are not pushed to their devices, nor sounded or notified in an open tab.
 * Frozen as applied since 2026-12-08.
 */
export const Migration20261208Muted = sqlMigration(
  "Migration20261208Muted",
  "alter table conversation add column if not exists muted boolean not null default false",
);
