import { Worker } from "bullmq";
import pg from "pg";
import { type InboundJob, PEER_ORG_ID, PEER_SCHEMA } from "./peer-schema.js";

/**
 * The seed's worker, minimal and faithful: BullMQ concurrency 15, and for each job, one row
 * at a time, upsert contact, upsert conversation, insert message, update lastMessageAt.
 */
const redis = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const queueName = process.env.PEER_QUEUE ?? "seed-inbound";
const concurrency = Number(process.env.INGEST_CONCURRENCY ?? 15);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: concurrency });
const s = PEER_SCHEMA;

async function ingest(job: InboundJob): Promise<void> {
  const { params } = job;
  const handle = params.From ?? "";
  const contact = await pool.query<{ id: string }>(
    `insert into ${s}.contact (org_id, handle, wa_id, profile_name) values ($1, $2, $3, $4)
     on conflict (org_id, handle) do update set profile_name = excluded.profile_name returning id`,
    [PEER_ORG_ID, handle, params.WaId ?? null, params.ProfileName ?? null],
  );
  const conversation = await pool.query<{ id: string }>(
    `insert into ${s}.conversation (org_id, chat_account, contact_id) values ($1, $2, $3)
     on conflict (org_id, chat_account, contact_id) do update set org_id = excluded.org_id returning id`,
    [PEER_ORG_ID, params.To ?? "", contact.rows[0]?.id],
  );
  const conversationId = conversation.rows[0]?.id;
  await pool.query(
    `insert into ${s}.message (org_id, conversation_id, direction, provider_sid, body) values ($1, $2, 'inbound', $3, $4)
     on conflict (provider_sid) do nothing`,
    [PEER_ORG_ID, conversationId, params.MessageSid ?? null, params.Body ?? ""],
  );
  await pool.query(`update ${s}.conversation set last_message_at = $2 where id = $1`, [conversationId, job.receivedAt]);
}

const worker = new Worker<InboundJob>(queueName, (job) => ingest(job.data), {
  connection: { host: redis.hostname, port: Number(redis.port || 6379), maxRetriesPerRequest: null },
  concurrency,
});
worker.on("ready", () => console.log("worker ready"));
process.on("SIGTERM", () => {
  void worker
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
