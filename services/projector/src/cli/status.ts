import type { ServiceNats } from "@cloudpa/kit";
import { quoteIdent, READ_MODEL_SCHEMA } from "@cloudpa/read-model";
import type pg from "pg";
import { QuarantineStore } from "./quarantine-store.js";

export interface ProjectionStatus {
  projection: string;
  stream: string;
  checkpoint: number;
  lag: number;
  updatedAt: string;
}

export interface StatusReport {
  stream: string;
  streamLastSeq: number;
  projections: ProjectionStatus[];
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
    `select projection, stream, last_seq, to_json(updated_at) #>> '{}' as updated_at from ${s}.projection_checkpoint order by projection`,
  );
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
    quarantined: Object.values(quarantinedByReason).reduce((sum, n) => sum + n, 0),
    quarantinedByReason,
    outboundQuarantined: {
      waiting: commands.filter((item) => item.status === "quarantined").length,
      retried: commands.filter((item) => item.status === "retried").length,
    },
  };
}

export function formatStatus(report: StatusReport): string {
  const lines = [`stream ${report.stream}: last sequence ${report.streamLastSeq}`];
  if (report.projections.length === 0) lines.push("no projection has a checkpoint yet");
  for (const p of report.projections) {
    lines.push(`projection ${p.projection}: checkpoint ${p.checkpoint}, lag ${p.lag} (updated ${p.updatedAt})`);
  }
  lines.push(`quarantined: ${report.quarantined}`);
  for (const [reason, n] of Object.entries(report.quarantinedByReason)) lines.push(`  ${reason}: ${n}`);
  const { waiting, retried } = report.outboundQuarantined;
  lines.push(`outbound commands quarantined: ${waiting} waiting for a retry, ${retried} retried`);
  if (report.quarantined + waiting > 0) lines.push("  see npm run cloudpa -- quarantine list");
  return lines.join("\n");
}
