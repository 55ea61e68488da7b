import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * The read model's first tables and DESIGN.md's indexes, as applied on 2026-11-25: frozen. A
 * MessageSid was then unique across orgs and `pending_status` keyed by it alone; the migration of
 * 2026-12-02 re-keys both by org. Names are unqualified: the migrator sets the schema it migrates
 * as `search_path`.
 */
export const Migration20261125ReadModel = sqlMigration(
  "Migration20261125ReadModel",
  `create table chat_account (
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
  `create table contact (
      id uuid primary key,
      org_id uuid not null,
      handle text not null,
      wa_id text,
      profile_name text,
      first_seen_at timestamptz not null
    )`,
  `create table conversation (
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
  `create table message (
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
  `create table pending_status (
      provider_sid text primary key,
      org_id uuid not null,
      conversation_id uuid not null,
      status text not null,
      error_code text,
      error_message text,
      reported_at timestamptz not null
    )`,
  `create table projection_checkpoint (
      projection text primary key,
      stream text not null,
      last_seq bigint not null check (last_seq >= 0),
      updated_at timestamptz not null
    )`,
  `create table quarantine (
      seq bigint primary key,
      subject text not null,
      reason_code text not null,
      reason text not null,
      payload bytea not null,
      at timestamptz not null
    )`,
  "create unique index chat_account_org_provider_phone_uq on chat_account (org_id, provider, external_phone_id)",
  "create index chat_account_provider_phone_idx on chat_account (provider, external_phone_id)",
  "create unique index contact_org_handle_uq on contact (org_id, handle)",
  "create index conversation_org_last_message_idx on conversation (org_id, last_message_at desc nulls last)",
  "create unique index message_provider_sid_uq on message (provider_sid)",
  "create index message_org_sent_at_idx on message (org_id, sent_at)",
  "create index message_conversation_sent_at_idx on message (conversation_id, sent_at)",
);
