import type { ServiceNats } from "@cloudpa/kit/core";
import { quoteIdent, READ_MODEL_SCHEMA, readPartitionCheckpoints, WHOLE_STREAM } from "@cloudpa/read-model";
import type pg from "pg";
import { PartitionLeases } from "../consumer/leases/partition-leases.js";
import { PROJECTOR_DURABLE, partitionDurable } from "../consumer/projector-consumer.js";
import { QuarantineStore } from "./quarantine-store.js";

export interface ProjectionStatus {
  projection: string;
  stream: string;
  checkpoint: number;
  lag: number;
  updatedAt: string;
}

/** One partition of the stream as the live projection sees it (docs/decisions/020). */
export interface PartitionStatus {
  partition: number;
  checkpoint: number;
  /** Events of the partition its durable consumer has not had applied (null: no consumer yet). */
  lag: number | null;
  /** The projector instance holding its lease now, or null. */
  holder: string | null;
  updatedAt: string;
}

export interface StatusReport {
  stream: string;
  streamLastSeq: number;
  /** Each projection's furthest checkpoint (the whole stream's before partitions). */
  projections: ProjectionStatus[];
  /** The inbox projection's partitions, when the stream is partitioned. */
  partitions: PartitionStatus[];
  quarantined: number;
  quarantinedByReason: Record<string, number>;
  /** Commands the outbound kept (`cloudpa quarantine list --source outbound`): still waiting, and retried. */
  outboundQuarantined: { waiting: number; retried: number };
}

/** Stream head, each projection's checkpoint and lag, and what sits in quarantine. */
export async function readStatus(
  nats: ServiceNats,
  pool: pg.Pool,
  schema: string = READ_MODEL_SCHEMA,
): Promise<StatusReport> {
  const streamLastSeq = await nats.streamLastSeq();
  const s = quoteIdent(schema);
  const checkpoints = await pool.query(
    `select projection, stream, max(last_seq) as last_seq, to_json(max(updated_at)) #>> '{}' as updated_at
       from ${s}.projection_checkpoint group by projection, stream order by projection`,
  );
  const partitions = await partitionsOf(nats, pool, schema);
  const reasons = await pool.query(
    `select reason_code, count(*)::int as n from ${s}.quarantine group by reason_code order by reason_code`,
  );
  const commands = await (await QuarantineStore.open(nats, pool, schema)).list(["outbound"]);
  const quarantinedByReason: Record<string, number> = Object.fromEntries(
    reasons.rows.map((row) => [row.reason_code as string, row.n as number]),
  );
  return {
    stream: nats.names.eventsStream,
    streamLastSeq,
    projections: checkpoints.rows.map((row) => ({
      projection: row.projection,
      stream: row.stream,
      checkpoint: Number(row.last_seq),
      lag: Math.max(0, streamLastSeq - Number(row.last_seq)),
      updatedAt: row.updated_at,
    })),
    partitions,
    quarantined: Object.values(quarantinedByReason).reduce((sum, n) => sum + n, 0),
    quarantinedByReason,
    outboundQuarantined: {
      waiting: commands.filter((item) => item.status === "quarantined").length,
      retried: commands.filter((item) => item.status === "retried").length,
    },
  };
}

/** Each partition's checkpoint, its durable consumer's lag and its lease's holder. */
async function partitionsOf(nats: ServiceNats, pool: pg.Pool, schema: string): Promise<PartitionStatus[]> {
  const rows = (await readPartitionCheckpoints(pool, schema)).filter(
    (row) => row.projection === "inbox" && row.partition !== WHOLE_STREAM,
  );
  if (rows.length === 0) return [];
  const bucket = nats.names.projectorLeasesBucket;
  const holders = await nats
    .bucket(bucket)
    .then((kv) =>
      new PartitionLeases({ name: bucket, kv, jsm: nats.jsm }, "cloudpa-status", PROJECTOR_DURABLE).survey(),
    )
    .then((survey) => new Map([...survey.holders].map(([partition, holder]) => [partition, holder.instance])))
    .catch(() => new Map<number, string>());
  return Promise.all(
    rows.map(async (row) => {
      const info = await nats.jsm.consumers
        .info(nats.names.eventsStream, partitionDurable(row.partition))
        .catch(() => undefined);
      return {
        partition: row.partition,
        checkpoint: row.lastSeq,
        lag: info ? info.num_pending + info.num_ack_pending : null,
        holder: holders.get(row.partition) ?? null,
        updatedAt: row.updatedAt,
      };
    }),
  );
}

export function formatStatus(report: StatusReport): string {
  const lines = [`stream ${report.stream}: last sequence ${report.streamLastSeq}`];
  if (report.projections.length === 0) lines.push("no projection has a checkpoint yet");
  for (const p of report.projections) {
    lines.push(`projection ${p.projection}: checkpoint ${p.checkpoint}, lag ${p.lag} (updated ${p.updatedAt})`);
  }
  for (const p of report.partitions) {
    lines.push(
      `  partition ${p.partition}: checkpoint ${p.checkpoint}, lag ${p.lag ?? "?"}, held by ${p.holder ?? "nobody"} (updated ${p.updatedAt})`,
    );
  }
  lines.push(`quarantined: ${report.quarantined}`);
  for (const [reason, n] of Object.entries(report.quarantinedByReason)) lines.push(`  ${reason}: ${n}`);
  const { waiting, retried } = report.outboundQuarantined;
  lines.push(`outbound commands quarantined: ${waiting} waiting for a retry, ${retried} retried`);
  if (report.quarantined + waiting > 0) lines.push("  see npm run cloudpa -- quarantine list");
  return lines.join("\n");
}
