import { createHash } from "node:crypto";
import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { conversationPage, inboxPage } from "@cloudpa/read-model";
import pg from "pg";
import type { BenchDatabase } from "../infra/bench-database.js";
import { progressBar } from "../infra/progress.js";
import { LatencySamples } from "../latency-samples.js";
import { prepareReadModel } from "./systems.js";

export interface InboxResult {
  conversations: number;
  messages: number;
  seedSeconds: number;
  inboxFirstPage: LatencySamples;
  inboxDeepPage: LatencySamples;
  conversation: LatencySamples;
}

const CHANNEL_ID = "00000000-0000-4000-8000-0000000000c1";

/**
 * The seed's id for row n of a kind: md5 of kind and n, with the version and variant digits of
 * a v4 UUID, since the web refuses a cursor or a route id that is not a UUID (RFC 9562).
 */
const seededIdSql = (kind: string, n: string) =>
  `overlay(overlay(md5('${kind}' || ${n}) placing '4' from 13) placing '8' from 17)::uuid`;

/** The id the seed gives conversation n, as `seededIdSql("conversation", n)` writes it. */
export function seededConversationId(n: number): string {
  const hex = createHash("md5").update(`conversation${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * Seeds the read model with `conversations` conversations and `messages` messages (spread
 * evenly, over the last 90 days) in SQL with generate_series, in batches so a progress bar moves.
 */
async function seed(client: pg.Client, conversations: number, messages: number): Promise<void> {
  await client.query(
    `insert into readmodel.chat_account (id, org_id, provider, external_phone_id, account_sid, display_name, is_active, connected_at)
     values ($1, $2, 'twilio_whatsapp', 'whatsapp:+14155238886', 'AC00000000000000000000000000000000', 'Bench', true, now())`,
    [CHANNEL_ID, DEFAULT_ORG_ID],
  );
  const bar = progressBar("inbox rows", conversations + messages);
  const step = 10_000;
  for (let from = 1; from <= conversations; from += step) {
    const to = Math.min(conversations, from + step - 1);
    await client.query(
      `insert into readmodel.contact (id, org_id, handle, wa_id, profile_name, first_seen_at)
       select ${seededIdSql("contact", "i")}, $1, 'whatsapp:+4477' || (1000000 + i), '4477' || (1000000 + i), 'Customer ' || i, now()
         from generate_series($2::int, $3::int) i`,
      [DEFAULT_ORG_ID, from, to],
    );
    await client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, last_inbound_at, last_message_preview, last_message_direction, last_message_status,
              unread_count, status, created_at, inbox_at)
       select ${seededIdSql("conversation", "i")}, $1, $4, ${seededIdSql("contact", "i")}, 'whatsapp:+4477' || (1000000 + i),
              'Customer ' || i, now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval,
              'Could we move the appointment to Friday?', 'inbound', 'received', i % 3, 'open', now() - interval '90 days',
              now() - (i || ' minutes')::interval
         from generate_series($2::int, $3::int) i`,
      [DEFAULT_ORG_ID, from, to, CHANNEL_ID],
    );
    bar.update(to);
  }
  for (let from = 0; from < messages; from += 50_000) {
    const to = Math.min(messages, from + 50_000) - 1;
    await client.query(
      `insert into readmodel.message (id, org_id, conversation_id, direction, provider_sid, body, status, sent_at)
       select ${seededIdSql("message", "m")}, $1, ${seededIdSql("conversation", "(1 + m % $4)")},
              case when m % 4 = 0 then 'outbound' else 'inbound' end,
              'SM' || md5('message' || m), 'Message ' || m || ': could we move the appointment to Friday morning?',
              case when m % 4 = 0 then 'delivered' else 'received' end,
              now() - ((m / $4) || ' hours')::interval - ((1 + m % $4) || ' minutes')::interval
         from generate_series($2::int, $3::int) m`,
      [DEFAULT_ORG_ID, from, to, conversations],
    );
    bar.update(conversations + to + 1);
  }
  bar.stop();
  await client.query("analyze");
}

/** Latency of the queries the inbox and conversation loaders run, at the seeded size. */
export async function measureInbox(
  database: BenchDatabase,
  sizes: { conversations: number; messages: number; iterations: number },
  log: (line: string) => void,
): Promise<InboxResult> {
  await prepareReadModel(database.url);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  try {
    log(`inbox: seeding ${sizes.conversations} conversations and ${sizes.messages} messages (generate_series)`);
    const seedStarted = performance.now();
    await seed(client, sizes.conversations, sizes.messages);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const inboxFirstPage = new LatencySamples();
    const inboxDeepPage = new LatencySamples();
    const conversation = new LatencySamples();
    // Walk 20 pages deep once to have a cursor from the middle of the inbox.
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++)
      cursor = (await inboxPage(pool, { orgId: DEFAULT_ORG_ID, limit: 50, cursor })).nextCursor;
    log(`inbox: ${sizes.iterations} loads of each page`);
    for (let i = 0; i < sizes.iterations; i++) {
      let started = performance.now();
      const page = await inboxPage(pool, { orgId: DEFAULT_ORG_ID, limit: 50 });
      JSON.stringify(page);
      inboxFirstPage.record(performance.now() - started);

      started = performance.now();
      JSON.stringify(await inboxPage(pool, { orgId: DEFAULT_ORG_ID, limit: 50, cursor }));
      inboxDeepPage.record(performance.now() - started);

      const n = 1 + Math.floor(Math.random() * sizes.conversations);
      started = performance.now();
      const found = await conversationPage(pool, { orgId: DEFAULT_ORG_ID, conversationId: seededConversationId(n) });
      JSON.stringify(found);
      conversation.record(performance.now() - started);
      if (!found) throw new Error(`seeded conversation ${n} not found`);
    }
    return {
      conversations: sizes.conversations,
      messages: sizes.messages,
      seedSeconds,
      inboxFirstPage,
      inboxDeepPage,
      conversation,
    };
  } finally {
    await pool.end();
    await client.end();
  }
}
