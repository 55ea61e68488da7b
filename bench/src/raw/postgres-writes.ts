import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export interface RowRate {
  rows: number;
  perSecond: number;
}

/** A table shaped like readmodel.message (the widest row the projector writes). */
const TABLE = `create table if not exists raw_message (
  id uuid primary key,
  org_id uuid not null,
  conversation_id uuid not null,
  direction text not null,
  provider_sid text unique,
  body text not null,
  media jsonb not null default '[]',
  status text not null,
  sent_at timestamptz not null
)`;

interface RawRow {
  id: string;
  conversationId: string;
  sid: string;
  body: string;
}

function rowsOf(count: number, offset: number): RawRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    conversationId: randomUUID(),
    sid: `SM${(offset + i).toString(16).padStart(32, "0")}`,
    body: `Hi! Is the appointment on Thursday still on? Message ${offset + i} of this bench run.`,
  }));
}

const ORG = "00000000-0000-4000-8000-000000000001";

/**
 * Batched upsert: `INSERT … SELECT FROM unnest(...) ON CONFLICT (id) DO UPDATE`, one
 * statement and one transaction per batch, the way a batching projector writes.
 */
export async function measureBatchedUpsert(databaseUrl: string, rows: number, batchSize = 500): Promise<RowRate> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(TABLE);
    await client.query("truncate raw_message");
    const started = performance.now();
    for (let offset = 0; offset < rows; offset += batchSize) {
      const batch = rowsOf(Math.min(batchSize, rows - offset), offset);
      await client.query(
        `insert into raw_message (id, org_id, conversation_id, direction, provider_sid, body, status, sent_at)
         select id, $1::uuid, conversation_id, 'inbound', sid, body, 'received', now()
           from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) as r(id, conversation_id, sid, body)
         on conflict (id) do update set status = excluded.status, body = excluded.body`,
        [
          ORG,
          batch.map((r) => r.id),
          batch.map((r) => r.conversationId),
          batch.map((r) => r.sid),
          batch.map((r) => r.body),
        ],
      );
    }
    return { rows, perSecond: rows / ((performance.now() - started) / 1000) };
  } finally {
    await client.query("drop table if exists raw_message").catch(() => undefined);
    await client.end();
  }
}

/** COPY FROM STDIN (text format) through pg-copy-streams: Postgres's bulk-load ceiling. */
export async function measureCopy(databaseUrl: string, rows: number): Promise<RowRate> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(TABLE);
    await client.query("truncate raw_message");
    const started = performance.now();
    const at = new Date().toISOString();
    const chunk = 1000;
    async function* lines() {
      for (let offset = 0; offset < rows; offset += chunk) {
        yield rowsOf(Math.min(chunk, rows - offset), offset)
          .map((r) => `${r.id}\t${ORG}\t${r.conversationId}\tinbound\t${r.sid}\t${r.body}\t[]\treceived\t${at}\n`)
          .join("");
      }
    }
    await pipeline(
      Readable.from(lines()),
      client.query(
        copyFrom(
          "copy raw_message (id, org_id, conversation_id, direction, provider_sid, body, media, status, sent_at) from stdin",
        ),
      ),
    );
    return { rows, perSecond: rows / ((performance.now() - started) / 1000) };
  } finally {
    await client.query("drop table if exists raw_message").catch(() => undefined);
    await client.end();
  }
}
