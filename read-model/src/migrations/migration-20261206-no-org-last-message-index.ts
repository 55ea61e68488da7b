import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * `conversation_org_last_message_idx` (org_id, last_message_at) goes: no query orders or filters an
 * org's conversations by their last message any more (the inbox reads its keyset indexes, the
 * contact card `conversation_org_contact_idx`), yet every message rewrote its entry, its
 * conversation's update being no HOT one (issue 16). Frozen as applied since 2026-12-06.
 */
export const Migration20261206NoOrgLastMessageIndex = sqlMigration(
  "Migration20261206NoOrgLastMessageIndex",
  "drop index if exists conversation_org_last_message_idx",
);
