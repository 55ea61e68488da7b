import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * Message kinds (issue 14, docs/decisions/023): each message says what it is (`kind`), carries
 * its kind's fields (`details`: a location, the vCard media of shared contacts, the button or
 * list row tapped, an unsupported type), the MessageSid it quotes, and the customer's reaction
 * to it. Rows from before are text or media, as their media says. Frozen as applied since 2026-12-02.
 */
export const Migration20261202MessageKinds = sqlMigration(
  "Migration20261202MessageKinds",
  `alter table message add column kind text not null default 'text'
     check (kind in ('text', 'media', 'template', 'location', 'contacts', 'interactive', 'reaction', 'unsupported'))`,
  "alter table message add column details jsonb",
  "alter table message add column reply_to_sid text",
  "alter table message add column reaction text",
  "update message set kind = 'media' where media <> '[]'::jsonb",
);
