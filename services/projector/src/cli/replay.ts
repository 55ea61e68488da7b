import type { Keyring } from "@cloudpa/contracts";
import type { ServiceNats } from "@cloudpa/kit/core";
import {
  type AllRows,
  addRowKeysOf,
  allRowsOf,
  emptyRowKeys,
  foldEvent,
  loadRows,
  READ_MODEL_SCHEMA,
  ReadModelWorkspace,
  writeChangedRows,
} from "@cloudpa/read-model";
import type pg from "pg";
import { openStreamEvents } from "../consumer/event-opener.js";
import type { OpenedEvent } from "../consumer/stream-event.js";
import { readStream } from "../stream/read-stream.js";

export interface TableChanges {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ReplayReport {
  fromSeq: number;
  toSeq: number;
  events: number;
  tables: Record<keyof AllRows, TableChanges>;
  pendingStatusesResolved: number;
  quarantined: { seq: number; reasonCode: string; reason: string }[];
}

/**
 * Applies stream events `fromSeq..toSeq` to the current read model inside a transaction
 * that is rolled back, and reports what would change (rows inserted, updated, unchanged
 * per table; what would be quarantined). The checkpoint is ignored: replaying events that
 * were applied shows whether the projection still agrees with the tables.
 */
export async function replayDryRun(options: {
  nats: ServiceNats;
  pool: pg.Pool;
  keyring: Keyring;
  fromSeq: number;
  toSeq?: number;
  schema?: string;
}): Promise<ReplayReport> {
  const { nats, pool, keyring } = options;
  const schema = options.schema ?? READ_MODEL_SCHEMA;
  const toSeq = options.toSeq ?? (await nats.streamLastSeq());
  const opened: OpenedEvent[] = [];
  await readStream(nats.js, nats.names.eventsStream, { fromSeq: options.fromSeq, toSeq }, 5000, (batch) => {
    opened.push(...openStreamEvents(batch, keyring));
  });
  const client = await pool.connect();
  try {
    await client.query("begin");
    const workspace = new ReadModelWorkspace();
    const keys = emptyRowKeys();
    for (const item of opened) if ("event" in item) addRowKeysOf(keys, item.event);
    await loadRows(client, schema, workspace, keys);
    const before = allRowsOf(workspace);
    const quarantined: ReplayReport["quarantined"] = [];
    for (const item of opened) {
      if ("refused" in item) {
        quarantined.push({ seq: item.source.seq, reasonCode: item.refused.code, reason: item.refused.reason });
        continue;
      }
      const result = foldEvent(workspace, item.event);
      if ("rejected" in result) {
        quarantined.push({ seq: item.source.seq, reasonCode: result.rejected.code, reason: result.rejected.reason });
      }
    }
    const changed = workspace.takeChanged();
    // Written for real (then rolled back), so rows Postgres would refuse show up as an error here.
    await writeChangedRows(client, schema, changed);
    const after = allRowsOf(workspace);
    const tables = {} as ReplayReport["tables"];
    for (const table of Object.keys(after) as (keyof AllRows)[]) {
      const keyOf = (row: object) =>
        "id" in row ? String(row.id) : String((row as { providerSid: string }).providerSid);
      const previous = new Map(before[table].map((row) => [keyOf(row), JSON.stringify(row)]));
      const counts: TableChanges = { inserted: 0, updated: 0, unchanged: 0 };
      for (const row of after[table]) {
        const was = previous.get(keyOf(row));
        if (was === undefined) counts.inserted += 1;
        else if (was !== JSON.stringify(row)) counts.updated += 1;
        else counts.unchanged += 1;
      }
      tables[table] = counts;
    }
    return {
      fromSeq: options.fromSeq,
      toSeq,
      events: opened.length,
      tables,
      pendingStatusesResolved: changed.deletedPendingStatuses.length,
      quarantined,
    };
  } finally {
    await client.query("rollback").catch(() => undefined);
    client.release();
  }
}

export function formatReplay(report: ReplayReport): string {
  const lines = [`replay (dry run) of sequences ${report.fromSeq}..${report.toSeq}: ${report.events} events`];
  for (const [table, c] of Object.entries(report.tables)) {
    lines.push(`  ${table}: ${c.inserted} would be inserted, ${c.updated} updated, ${c.unchanged} unchanged`);
  }
  lines.push(`  pending statuses resolved: ${report.pendingStatusesResolved}`);
  lines.push(`  would be quarantined: ${report.quarantined.length}`);
  for (const q of report.quarantined.slice(0, 20)) lines.push(`    seq ${q.seq}: ${q.reasonCode} ${q.reason}`);
  lines.push("nothing was written (the transaction was rolled back)");
  return lines.join("\n");
}
