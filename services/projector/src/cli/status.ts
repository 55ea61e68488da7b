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
  checkpoint: number;
  /** Events of the partition its durable consumer has not had applied (null: no consumer yet, or NATS did not answer). */
  lag: number | null;
  /** The projector instance holding its lease now, or null (nobody, or NATS did not answer). */
  holder: string | null;
  updatedAt: string;
}

export interface StatusReport {
  stream: string;
  /** Null when NATS did not answer (see `nats`). */
  streamLastSeq: number | null;
  /** Whether NATS answered within the status's budget; what it knows is unknown (null) otherwise. */
  nats: { answered: true } | { answered: false; error: string };
  /** Each projection's furthest checkpoint (the whole stream's before partitions). */
  projections: ProjectionStatus[];
  /** The inbox projection's partitions, when the stream is partitioned. */
  partitions: PartitionStatus[];
  quarantined: number;
  quarantinedByReason: Record<string, number>;
  /** Commands the outbound kept (`cloudpa quarantine list --source outbound`): still waiting, and retried. Null without NATS. */
  outboundQuarantined: { waiting: number; retried: number } | null;
}

/**
 * How long the status waits for NATS (connecting included) before it reports what Postgres knows
 * alone: in an outage the operator needs the checkpoints and the quarantine now, not after
 * nats.js's 20 s connect timeout and 5 s per request.
 */
export const STATUS_NATS_BUDGET_MS = 5_000;

/** What NATS knows: the stream's head, each partition's consumer lag and lease holder, the outbound's quarantine. */
interface StreamSide {
  streamLastSeq: number;
  lags: Map<number, number>;
  holders: Map<number, string>;
  outboundQuarantined: { waiting: number; retried: number };
}

/**
 * Stream head, each projection's checkpoint and lag, and what sits in quarantine. `nats` is the
 * connection being made: what Postgres knows is reported whatever it does, and what NATS knows
 * only if it answers within `natsBudgetMs`.
 */
export async function readStatus(
  nats: Promise<ServiceNats>,
  pool: pg.Pool,
  /** `streamName`: the events stream of the namespace, named whether NATS answers or not. */
  options: { schema?: string; streamName: string; natsBudgetMs?: number },
): Promise<StatusReport> {
  const schema = options.schema ?? READ_MODEL_SCHEMA;
  const s = quoteIdent(schema);
  const [checkpoints, reasons] = await Promise.all([
    readPartitionCheckpoints(pool, schema),
    pool.query(`select reason_code, count(*)::int as n from ${s}.quarantine group by reason_code order by reason_code`),
  ]);
  const partitionRows = checkpoints.filter((row) => row.projection === "inbox" && row.partition !== WHOLE_STREAM);
  const streamSide = await answeredWithin(
    nats.then((connected) =>
      streamSideOf(
        connected,
        pool,
        schema,
        partitionRows.map((row) => row.partition),
      ),
    ),
    options.natsBudgetMs ?? STATUS_NATS_BUDGET_MS,
  );
  const known = "value" in streamSide ? streamSide.value : undefined;
  const quarantinedByReason: Record<string, number> = Object.fromEntries(
    reasons.rows.map((row) => [row.reason_code as string, row.n as number]),
  );
  return {
    stream: options.streamName,
    streamLastSeq: known?.streamLastSeq ?? null,
    nats: "value" in streamSide ? { answered: true } : { answered: false, error: streamSide.error },
    projections: furthestCheckpoints(checkpoints).map((row) => ({
      projection: row.projection,
      stream: row.stream,
      checkpoint: row.lastSeq,
      lag: known ? Math.max(0, known.streamLastSeq - row.lastSeq) : null,
      updatedAt: row.updatedAt,
    })),
    partitions: partitionRows.map((row) => ({
      partition: row.partition,
      checkpoint: row.lastSeq,
      lag: known?.lags.get(row.partition) ?? null,
      holder: known?.holders.get(row.partition) ?? null,
      updatedAt: row.updatedAt,
    })),
    quarantined: Object.values(quarantinedByReason).reduce((sum, n) => sum + n, 0),
    quarantinedByReason,
    outboundQuarantined: known?.outboundQuarantined ?? null,
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

async function streamSideOf(
  nats: ServiceNats,
  pool: pg.Pool,
  schema: string,
  partitions: number[],
): Promise<StreamSide> {
  const [streamLastSeq, lags, holders, commands] = await Promise.all([
    nats.streamLastSeq(),
    consumerLagsOf(nats, partitions),
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
async function consumerLagsOf(nats: ServiceNats, partitions: number[]): Promise<Map<number, number>> {
  const lags = new Map<number, number>();
  await Promise.all(
    partitions.map(async (partition) => {
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

export function formatStatus(report: StatusReport): string {
  const unknown = "?";
  const lines = report.nats.answered
    ? [`stream ${report.stream}: last sequence ${report.streamLastSeq}`]
    : [
        `NATS did not answer (${report.nats.error}): the stream's head, lags, lease holders and the outbound's quarantine are unknown; what follows is Postgres's`,
        `stream ${report.stream}: last sequence ${unknown}`,
      ];
  if (report.projections.length === 0) lines.push("no projection has a checkpoint yet");
  for (const p of report.projections) {
    lines.push(
      `projection ${p.projection}: checkpoint ${p.checkpoint}, lag ${p.lag ?? unknown} (updated ${p.updatedAt})`,
    );
  }
  for (const p of report.partitions) {
    const holder = p.holder ?? (report.nats.answered ? "nobody" : unknown);
    lines.push(
      `  partition ${p.partition}: checkpoint ${p.checkpoint}, lag ${p.lag ?? unknown}, held by ${holder} (updated ${p.updatedAt})`,
    );
  }
  lines.push(`quarantined: ${report.quarantined}`);
  for (const [reason, n] of Object.entries(report.quarantinedByReason)) lines.push(`  ${reason}: ${n}`);
  const outbound = report.outboundQuarantined;
  lines.push(
    outbound
      ? `outbound commands quarantined: ${outbound.waiting} waiting for a retry, ${outbound.retried} retried`
      : `outbound commands quarantined: ${unknown} (kept in NATS)`,
  );
  if (report.quarantined + (outbound?.waiting ?? 0) > 0) lines.push("  see npm run cloudpa -- quarantine list");
  return lines.join("\n");
}
