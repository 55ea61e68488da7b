import { CONVERSATION_SEARCH_TEXT } from "../entities/conversation.entity.js";
import { quotedSchema } from "./sql-queryable.js";

/**
 * Indexes the web's queries read (beside DESIGN.md's): the exact keyset order of the inbox,
 * its unread filter, and trigram indexes for search by name, number or text. Idempotent;
 * pg_trgm lives in `public` so dropping a rebuilt schema never drops the extension.
 */
export function inboxIndexesSql(schema: string): string[] {
  const s = quotedSchema(schema);
  return [
    "create extension if not exists pg_trgm with schema public",
    `create index if not exists conversation_org_keyset_idx on ${s}.conversation (org_id, last_message_at desc nulls last, id desc)`,
    `create index if not exists conversation_org_unread_idx on ${s}.conversation (org_id, last_message_at desc nulls last, id desc) where unread_count > 0`,
    `create index if not exists conversation_search_trgm_idx on ${s}.conversation using gin (${CONVERSATION_SEARCH_TEXT} public.gin_trgm_ops)`,
    `create index if not exists message_body_trgm_idx on ${s}.message using gin (body public.gin_trgm_ops)`,
  ];
}
