import { inboxIndexesSql } from "../queries/inbox-indexes.js";

/**
 * The read model's tables, as SQL. The migration creates them in the schema MikroORM's
 * migrator sets as `search_path` (so names are unqualified there); a rebuild creates them
 * in a fresh schema, loads the rows, and only then builds the secondary indexes.
 */

/** `"schema".` or nothing (resolve through search_path). */
function prefix(schema: string | null): string {
  return schema ? `"${schema}".` : "";
}

export function createTablesSql(schema: string | null): string[] {
  const q = prefix(schema);
  return [
    `create table ${q}chat_account (
      id uuid primary key,
      org_id uuid not null,
      provider text not null,
      external_phone_id text not null,
      account_sid text not null,
      display_name text,
      is_active boolean not null,
      connected_at timestamptz not null,
      disconnected_at timestamptz
    )`,
    `create table ${q}contact (
      id uuid primary key,
      org_id uuid not null,
      handle text not null,
      wa_id text,
      profile_name text,
      first_seen_at timestamptz not null
    )`,
    `create table ${q}conversation (
      id uuid primary key,
      org_id uuid not null,
      chat_account_id uuid not null,
      contact_id uuid not null,
      contact_handle text not null,
      contact_display_name text not null,
      last_message_id uuid,
      last_message_at timestamptz,
      last_inbound_at timestamptz,
      last_message_preview text,
      last_message_direction text check (last_message_direction in ('inbound', 'outbound')),
      last_message_status text,
      unread_count integer not null default 0 check (unread_count >= 0),
      status text not null,
      created_at timestamptz not null
    )`,
    `create table ${q}message (
      id uuid primary key,
      org_id uuid not null,
      conversation_id uuid not null,
      direction text not null check (direction in ('inbound', 'outbound')),
      provider_sid text,
      command_id uuid,
      body text not null,
      media jsonb not null default '[]',
      status text not null,
      error_code text,
      error_message text,
      failure_reason text,
      requested_by text,
      sent_at timestamptz not null,
      status_at timestamptz
    )`,
    `create table ${q}pending_status (
      provider_sid text not null,
      org_id uuid not null,
      conversation_id uuid not null,
      status text not null,
      error_code text,
      error_message text,
      reported_at timestamptz not null,
      primary key (org_id, provider_sid)
    )`,
    `create table ${q}projection_checkpoint (
      projection text primary key,
      stream text not null,
      last_seq bigint not null check (last_seq >= 0),
      updated_at timestamptz not null
    )`,
    `create table ${q}quarantine (
      seq bigint primary key,
      subject text not null,
      reason_code text not null,
      reason text not null,
      payload bytea not null,
      at timestamptz not null
    )`,
  ];
}

/** Unique and lookup indexes (DESIGN.md); a rebuild builds them after the bulk load. */
export function createIndexesSql(schema: string | null): string[] {
  const q = prefix(schema);
  return [
    `create unique index chat_account_org_provider_phone_uq on ${q}chat_account (org_id, provider, external_phone_id)`,
    `create index chat_account_provider_phone_idx on ${q}chat_account (provider, external_phone_id)`,
    `create unique index contact_org_handle_uq on ${q}contact (org_id, handle)`,
    `create index conversation_org_last_message_idx on ${q}conversation (org_id, last_message_at desc nulls last)`,
    `create unique index message_org_provider_sid_uq on ${q}message (org_id, provider_sid)`,
    `create index message_org_sent_at_idx on ${q}message (org_id, sent_at)`,
    `create index message_conversation_sent_at_idx on ${q}message (conversation_id, sent_at)`,
  ];
}

/** Every secondary index of the schema (DESIGN.md's and the web's), as the migrations create them. */
export function secondaryIndexesSql(schema: string): string[] {
  return [...createIndexesSql(schema), ...inboxIndexesSql(schema)];
}

/** Drops every secondary index, so a rebuild loads into bare tables and builds them once at the end. */
export function dropIndexesSql(schema: string): string[] {
  return secondaryIndexesSql(schema).flatMap((statement) => {
    const name = /index (?:if not exists )?(\S+) on/.exec(statement)?.[1];
    return name ? [`drop index if exists "${schema}".${name}`] : [];
  });
}
