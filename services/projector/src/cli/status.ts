import { answeredWithin, type ServiceNats } from "@cloudpa/kit/core";
import {
  type PartitionCheckpoint,
  quoteIdent,
  READ_MODEL_SCHEMA,
  readPartitionCheckpoints,
  WHOLE_STREAM,
} from "@cloudpa/read-model";
import type pg from "pg";
import { PartitionLeases } from "../consumer/leases/partition-leases.js";
import { PROJECTOR_DURABLE, partitionDurable } from "../consumer/projector-consumer.js";
import { QuarantineStore } from "./quarantine-store.js";

export interface ProjectionStatus {
  projection: string;
  stream: string;
  checkpoint: number;
  /** Events past the checkpoint in the stream; null when NATS did not answer. */
  lag: number | null;
  updatedAt: string;
}

/** One partition of the stream as the live projection sees it (docs/decisions/020). */
export interface PartitionStatus {
  partition: number;
  /** Null when Postgres did not answer. */
  checkpoint: number | null;
  /** Events of the partition its durable consumer has not had applied (null: no consumer yet, or NATS did not answer). */
  lag: number | null;
  /** The projector instance holding its lease now, or null (nobody, or NATS did not answer). */
  holder: string | null;
  /** Null when Postgres did not answer. */
  updatedAt: string | null;
}

/** Whether a dependency answered within the status's budget, and why not. */
export type Answered = { answered: true } | { answered: false; error: string };

/**
 * What NATS and Postgres each know; what one of them did not answer in time is unknown: null here,
 * `?` in `formatStatus`.
 */
export interface StatusReport {
  stream: string;
  /** Null when NATS did not answer (see `nats`). */
  streamLastSeq: number | null;
  nats: Answered;
  postgres: Answered;
  /** Each projection's furthest checkpoint (the whole stream's before partitions); null when Postgres did not answer. */
  projections: ProjectionStatus[] | null;
  /**
   * The inbox projection's partitions, when the stream is partitioned: those with a checkpoint, or,
   * when Postgres did not answer, those NATS knows (with a consumer or a lease holder).
   */
  partitions: PartitionStatus[];
  /** The projector's quarantine (Postgres); null when Postgres did not answer. */
  quarantined: number | null;
  quarantinedByReason: Record<string, number> | null;
  /** Commands the outbound kept (`cloudpa quarantine list --source outbound`): still waiting, and retried. Null without NATS. */
  outboundQuarantined: { waiting: number; retried: number } | null;
}

/**
 * How long the status waits for each of NATS and Postgres (connecting included; both are asked at
 * once) before it reports what the other knows alone: in an outage the operator needs what is
 * known now, not after nats.js's 20 s connect timeout and 5 s per request, or never from a frozen
 * Postgres (pg waits for a connection and a query without end).
 */
export const STATUS_BUDGET_MS = 5_000;

/** What NATS knows: the stream's head, each partition's consumer lag and lease holder, the outbound's quarantine. */
interface StreamSide {
  streamLastSeq: number;
  lags: Map<number, number>;
  holders: Map<number, string>;
  outboundQuarantined: { waiting: number; retried: number };
}

/** What Postgres knows: each projection's checkpoints, and the projector's quarantine by reason. */
interface DatabaseSide {
  checkpoints: PartitionCheckpoint[];
  quarantinedByReason: Record<string, number>;
}

/**
 * Stream head, each projection's checkpoint and lag, and what sits in quarantine. `nats` is the
 * connection being made: NATS and Postgres are asked at once, and what each knows is reported if
 * it answers within `budgetMs`, whatever the other does.
 */
export async function readStatus(
  nats: Promise<ServiceNats>,
  pool: pg.Pool,
  /** `streamName`: the events stream of the namespace, named whether NATS answers or not. */
  options: { schema?: string; streamName: string; budgetMs?: number },
): Promise<StatusReport> {
  const schema = options.schema ?? READ_MODEL_SCHEMA;
  const budgetMs = options.budgetMs ?? STATUS_BUDGET_MS;
  const [databaseSide, streamSide] = await Promise.all([
    answeredWithin(databaseSideOf(pool, schema), budgetMs),
    answeredWithin(
      nats.then((connected) => streamSideOf(connected, pool, schema)),
      budgetMs,
    ),
  ]);
  const stored = "value" in databaseSide ? databaseSide.value : undefined;
  const known = "value" in streamSide ? streamSide.value : undefined;
  const partitionRows: { partition: number; lastSeq: number | null; updatedAt: string | null }[] = stored
    ? stored.checkpoints.filter((row) => row.projection === "inbox" && row.partition !== WHOLE_STREAM)
    : // Without Postgres, those NATS knows.
      [...new Set([...(known?.lags.keys() ?? []), ...(known?.holders.keys() ?? [])])]
        .sort((a, b) => a - b)
        .map((partition) => ({ partition, lastSeq: null, updatedAt: null }));
  const quarantinedByReason = stored?.quarantinedByReason ?? null;
  return {
    stream: options.streamName,
    streamLastSeq: known?.streamLastSeq ?? null,
    nats: answeredOf(streamSide),
    postgres: answeredOf(databaseSide),
    projections: stored
      ? furthestCheckpoints(stored.checkpoints).map((row) => ({
          projection: row.projection,
          stream: row.stream,
          checkpoint: row.lastSeq,
          lag: known ? Math.max(0, known.streamLastSeq - row.lastSeq) : null,
          updatedAt: row.updatedAt,
        }))
      : null,
    partitions: partitionRows.map((row) => ({
      partition: row.partition,
      checkpoint: row.lastSeq,
      lag: known?.lags.get(row.partition) ?? null,
      holder: known?.holders.get(row.partition) ?? null,
      updatedAt: row.updatedAt,
    })),
    quarantined: quarantinedByReason ? Object.values(quarantinedByReason).reduce((sum, n) => sum + n, 0) : null,
    quarantinedByReason,
    outboundQuarantined: known?.outboundQuarantined ?? null,
  };
}

function answeredOf(answer: { value: unknown } | { error: string }): Answered {
  return "value" in answer ? { answered: true } : { answered: false, error: answer.error };
}

async function databaseSideOf(pool: pg.Pool, schema: string): Promise<DatabaseSide> {
  const [checkpoints, reasons] = await Promise.all([
    readPartitionCheckpoints(pool, schema),
    pool.query(
      `select reason_code, count(*)::int as n from ${quoteIdent(schema)}.quarantine group by reason_code order by reason_code`,
    ),
  ]);
  return {
    checkpoints,
    quarantinedByReason: Object.fromEntries(reasons.rows.map((row) => [row.reason_code as string, row.n as number])),
  };
}

/**
 * Each projection's (and stream's) furthest checkpoint over its partitions, by projection, with
 * the latest time one of them was written.
 */
function furthestCheckpoints(rows: PartitionCheckpoint[]): PartitionCheckpoint[] {
  const furthest = new Map<string, PartitionCheckpoint>();
  for (const row of rows) {
    const key = `${row.projection}\n${row.stream}`;
    const seen = furthest.get(key);
    furthest.set(
      key,
      seen === undefined
        ? row
        : {
            ...seen,
            lastSeq: Math.max(seen.lastSeq, row.lastSeq),
            updatedAt: Date.parse(row.updatedAt) > Date.parse(seen.updatedAt) ? row.updatedAt : seen.updatedAt,
          },
    );
  }
  return [...furthest.values()];
}

async function streamSideOf(nats: ServiceNats, pool: pg.Pool, schema: string): Promise<StreamSide> {
  const [streamLastSeq, lags, holders, commands] = await Promise.all([
    nats.streamLastSeq(),
    consumerLagsOf(nats),
    leaseHoldersOf(nats),
    QuarantineStore.open(nats, pool, schema).then((store) => store.list(["outbound"])),
  ]);
  return {
    streamLastSeq,
    lags,
    holders,
    outboundQuarantined: {
      waiting: commands.filter((item) => item.status === "quarantined").length,
      retried: commands.filter((item) => item.status === "retried").length,
    },
  };
}

/** Each partition's durable consumer's lag: events it has not had applied (none while it has no consumer). */
async function consumerLagsOf(nats: ServiceNats): Promise<Map<number, number>> {
  const lags = new Map<number, number>();
  await Promise.all(
    Array.from({ length: nats.names.partitions }, async (_, partition) => {
      const info = await nats.jsm.consumers
        .info(nats.names.eventsStream, partitionDurable(partition))
        .catch(() => undefined);
      if (info) lags.set(partition, info.num_pending + info.num_ack_pending);
    }),
  );
  return lags;
}

/** The projector instance holding each partition's lease now. */
async function leaseHoldersOf(nats: ServiceNats): Promise<Map<number, string>> {
  const bucket = nats.names.projectorLeasesBucket;
  return nats
    .bucket(bucket)
    .then((kv) =>
      new PartitionLeases({ name: bucket, kv, jsm: nats.jsm }, "cloudpa-status", PROJECTOR_DURABLE).survey(),
    )
    .then((survey) => new Map([...survey.holders].map(([partition, holder]) => [partition, holder.instance])))
    .catch(() => new Map<number, string>());
}

/** What a dependency that did not answer leaves unknown, as printed. */
const UNKNOWN = "?";

export function formatStatus(report: StatusReport, options: { everyPartition?: boolean } = {}): string {
  const { nats, postgres } = report;
  const lines: string[] = [];
  if (!nats.answered) {
    lines.push(
      `NATS did not answer (${nats.error}): the stream's head, lags, lease holders and the outbound's quarantine are unknown${postgres.answered ? "; what follows is Postgres's" : ""}`,
    );
  }
  if (!postgres.answered) {
    lines.push(
      `Postgres did not answer (${postgres.error}): the checkpoints, the projections' lags and the projector's quarantine are unknown${nats.answered ? "; what follows is NATS's" : ""}`,
    );
  }
  lines.push(`stream ${report.stream}: last sequence ${report.streamLastSeq ?? UNKNOWN}`);
  if (report.projections === null) lines.push(`projections: ${UNKNOWN} (checkpoints kept in Postgres)`);
  else if (report.projections.length === 0) lines.push("no projection has a checkpoint yet");
  for (const p of report.projections ?? []) {
    lines.push(
      `projection ${p.projection}: checkpoint ${p.checkpoint}${writtenAt(p.updatedAt)}, lag ${p.lag ?? UNKNOWN}`,
    );
  }
  lines.push(...partitionLines(report.partitions, nats.answered, options.everyPartition === true));
  lines.push(`quarantined: ${report.quarantined ?? `${UNKNOWN} (kept in Postgres)`}`);
  for (const [reason, n] of Object.entries(report.quarantinedByReason ?? {})) lines.push(`  ${reason}: ${n}`);
  const outbound = report.outboundQuarantined;
  lines.push(
    outbound
      ? `outbound commands quarantined: ${outbound.waiting} waiting for a retry, ${outbound.retried} retried`
      : `outbound commands quarantined: ${UNKNOWN} (kept in NATS)`,
  );
  if ((report.quarantined ?? 0) + (outbound?.waiting ?? 0) > 0) lines.push("  see npm run cloudpa -- quarantine list");
  return lines.join("\n");
}

/**
 * A line a partition, or, unless `every`, one line for the partitions with nothing left to project
 * under one holder ("partitions 0-14: lag 0, held by a"): sixteen alike lines hid the one that
 * lags. A partition that lags, or whose lag is unknown, keeps a line of its own, its checkpoint with it.
 */
function partitionLines(partitions: PartitionStatus[], natsAnswered: boolean, every: boolean): string[] {
  const holderOf = (p: PartitionStatus) => p.holder ?? (natsAnswered ? "nobody" : UNKNOWN);
  const settled = new Map<string, number[]>();
  const lines: { first: number; text: string }[] = [];
  for (const p of partitions) {
    if (!every && p.lag === 0) {
      const group = settled.get(holderOf(p));
      if (group) group.push(p.partition);
      else settled.set(holderOf(p), [p.partition]);
      continue;
    }
    lines.push({
      first: p.partition,
      text: `  partition ${p.partition}: checkpoint ${p.checkpoint ?? UNKNOWN}${writtenAt(p.updatedAt)}, lag ${p.lag ?? UNKNOWN}, held by ${holderOf(p)}`,
    });
  }
  for (const [holder, numbers] of settled) {
    const name = numbers.length === 1 ? "partition" : "partitions";
    lines.push({ first: numbers[0] ?? 0, text: `  ${name} ${rangesOf(numbers)}: lag 0, held by ${holder}` });
  }
  return lines.sort((a, b) => a.first - b.first).map((line) => line.text);
}

/** 0, 1, 2, 3, 5, 7, 8 as "0-3, 5, 7-8". */
function rangesOf(numbers: number[]): string {
  const ranges: string[] = [];
  const sorted = [...numbers].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    ranges.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(", ");
}

/**
 * When a checkpoint was last written, beside it (to the second): placed after the holder it read
 * as the lease's last renewal, which a partition with nothing new to project never moves.
 */
function writtenAt(updatedAt: string | null): string {
  return updatedAt ? ` (written ${new Date(updatedAt).toISOString().replace(/\.\d+Z$/, "Z")})` : "";
}
