import type { LabelColour } from "@cloudpa/contracts";
import { migrateReadModel } from "@cloudpa/read-model";
import type pg from "pg";
import { migrateApp } from "#app/db/migrate-app.ts";

/** Migrates a fresh database as `npm start` does: schema `app`, then the read model (the inbox's indexes among its migrations). */
export async function migrateAll(databaseUrl: string): Promise<void> {
  await migrateApp(databaseUrl);
  await migrateReadModel(databaseUrl, "readmodel");
}

export interface SeededConversation {
  conversationId: string;
  channelId: string;
  customer: string;
  name: string;
}

/** A channel as the projector writes it once connected (a second seed of the same id is a no-op). */
export async function seedChannel(
  db: pg.Pool | pg.Client,
  input: { channelId: string; orgId: string; channelNumber: string; active?: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO readmodel.chat_account (id, org_id, provider, external_phone_id, account_sid, is_active, connected_at)
     VALUES ($1, $2, 'twilio_whatsapp', $3, 'AC00000000000000000000000000000000', $4, now())
     ON CONFLICT (id) DO NOTHING`,
    [input.channelId, input.orgId, input.channelNumber, input.active ?? true],
  );
}

/**
 * Writes rows as the projector would have projected them (tests only: the product's rows
 * come from events). One channel, one conversation, its messages.
 */
export async function seedConversation(
  db: pg.Pool | pg.Client,
  input: {
    orgId: string;
    channelId: string;
    channelNumber: string;
    conversationId: string;
    customer: string;
    name: string;
    lastInboundAt: Date;
    unread?: number;
    channelActive?: boolean;
    messages: {
      id: string;
      direction: "inbound" | "outbound";
      body: string;
      sentAt: Date;
      status?: string;
      commandId?: string;
      providerSid?: string;
      errorCode?: string;
      errorMessage?: string;
      failureReason?: string;
      media?: { url: string; contentType: string; mediaId?: string }[];
      /** Who asked for an outbound message: a user id, or `auto-reply:away` / `auto-reply:greeting`. */
      requestedBy?: string;
    }[];
  },
): Promise<void> {
  const contactId = crypto.randomUUID();
  const last = input.messages[input.messages.length - 1];
  await seedChannel(db, {
    channelId: input.channelId,
    orgId: input.orgId,
    channelNumber: input.channelNumber,
    active: input.channelActive,
  });
  await db.query(
    `INSERT INTO readmodel.contact (id, org_id, handle, profile_name, first_seen_at) VALUES ($1, $2, $3, $4, now())`,
    [contactId, input.orgId, input.customer, input.name],
  );
  await db.query(
    `INSERT INTO readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
       last_message_id, last_message_at, last_inbound_at, last_message_preview, last_message_direction, last_message_status,
       unread_count, status, created_at, inbox_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open', now(), $8)`,
    [
      input.conversationId,
      input.orgId,
      input.channelId,
      contactId,
      input.customer,
      input.name,
      last?.id ?? null,
      last?.sentAt ?? null,
      input.lastInboundAt,
      last?.body.slice(0, 140) ?? null,
      last?.direction ?? null,
      last?.status ?? null,
      input.unread ?? 0,
    ],
  );
  for (const m of input.messages) {
    await db.query(
      `INSERT INTO readmodel.message (id, org_id, conversation_id, direction, provider_sid, command_id, body, media, status,
         error_code, error_message, failure_reason, sent_at, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        m.id,
        input.orgId,
        input.conversationId,
        m.direction,
        m.providerSid ?? null,
        m.commandId ?? null,
        m.body,
        JSON.stringify(m.media ?? []),
        m.status ?? (m.direction === "inbound" ? "received" : "sent"),
        m.errorCode ?? null,
        m.errorMessage ?? null,
        m.failureReason ?? null,
        m.sentAt,
        m.requestedBy ?? null,
      ],
    );
  }
}

type SeedInput = Parameters<typeof seedConversation>[1];

/**
 * One customer's conversation on the sandbox number as the API specs use it: Grace Hopper on
 * whatsapp:+447700900123, last inbound now, and one inbound "Hello?" unless `messages` are given.
 */
export function seedCustomerConversation(
  db: pg.Pool | pg.Client,
  input: Pick<SeedInput, "orgId" | "conversationId"> & Partial<Pick<SeedInput, "channelNumber" | "name" | "messages">>,
): Promise<void> {
  return seedConversation(db, {
    channelId: crypto.randomUUID(),
    channelNumber: "whatsapp:+14155238886",
    customer: "whatsapp:+447700900123",
    name: "Grace Hopper",
    lastInboundAt: new Date(),
    messages: [{ id: crypto.randomUUID(), direction: "inbound", body: "Hello?", sentAt: new Date() }],
    ...input,
  });
}

/**
 * `count` conversations of one org in one statement (generate_series), with distinct
 * last_message_at values and some ties, to test keyset pagination and the query plans.
 */
export async function seedManyConversations(db: pg.Pool | pg.Client, orgId: string, count: number): Promise<void> {
  // Each conversation's customer is a contact row, as the projector writes them: the inbox's search reads it.
  await db.query(
    `WITH customer AS (
       INSERT INTO readmodel.contact (id, org_id, handle, profile_name, first_seen_at)
       SELECT gen_random_uuid(), $1, 'whatsapp:+4477' || lpad(i::text, 8, '0'), 'Customer ' || i, now()
         FROM generate_series(1, $3::int) AS i
       RETURNING id, handle, profile_name, right(handle, 8)::int AS i)
     INSERT INTO readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
       last_message_at, last_inbound_at, last_message_preview, last_message_direction, unread_count, status, created_at, inbox_at)
     SELECT gen_random_uuid(), $1, $2, id, handle, profile_name,
            timestamptz '2026-01-01' + ((i / 3) * interval '1 second'), timestamptz '2026-01-01' + ((i / 3) * interval '1 second'),
            'message number ' || i, 'inbound', (i % 7 = 0)::int, 'open', now(), timestamptz '2026-01-01' + ((i / 3) * interval '1 second')
       FROM customer`,
    [orgId, crypto.randomUUID(), count],
  );
  // Two messages per conversation, so the message table has the size a real inbox has.
  await db.query(
    `INSERT INTO readmodel.message (id, org_id, conversation_id, direction, body, media, status, sent_at)
     SELECT gen_random_uuid(), c.org_id, c.id, CASE WHEN n = 1 THEN 'inbound' ELSE 'outbound' END,
            'message ' || n || ' of ' || c.contact_display_name, '[]', 'delivered', c.last_message_at - (2 - n) * interval '1 minute'
       FROM readmodel.conversation c CROSS JOIN generate_series(1, 2) AS n
      WHERE c.org_id = $1`,
    [orgId],
  );
  await db.query("ANALYZE readmodel.contact; ANALYZE readmodel.conversation; ANALYZE readmodel.message");
}

/** One of an org's labels, as the projector writes it from `LabelCreated` (tests only). */
export async function seedLabel(
  db: pg.Pool | pg.Client,
  input: { orgId: string; name: string; colour: LabelColour },
): Promise<string> {
  const id = crypto.randomUUID();
  await db.query(`INSERT INTO readmodel.label (id, org_id, name, colour, created_at) VALUES ($1, $2, $3, $4, now())`, [
    id,
    input.orgId,
    input.name,
    input.colour,
  ]);
  return id;
}

/** A saved reply of the org, as the projector writes SavedReplyCreated. */
export async function seedSavedReply(
  db: pg.Pool | pg.Client,
  input: { orgId: string; name: string; shortcut: string; body: string },
): Promise<string> {
  const id = crypto.randomUUID();
  await db.query(
    "INSERT INTO readmodel.saved_reply (id, org_id, name, shortcut, body, created_at) VALUES ($1, $2, $3, $4, $5, now())",
    [id, input.orgId, input.name, input.shortcut, input.body],
  );
  return id;
}
