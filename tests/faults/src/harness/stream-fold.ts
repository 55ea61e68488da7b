import { foldEvent, ReadModelWorkspace, sidKeyOf } from "@cloudpa/read-model";
import type pg from "pg";
import type { EventLog } from "./event-log.js";
import type { Violations } from "./invariants.js";

/** The read model a rebuild from sequence 1 would write: the pure projections folded over the stream. */
export interface StreamFold {
  workspace: ReadModelWorkspace;
  /** Sequences the projector must quarantine: failed verification, or the projection rejected them. */
  quarantinedSeqs: Set<number>;
}

export function foldStream(log: EventLog): StreamFold {
  const workspace = new ReadModelWorkspace();
  const quarantinedSeqs = new Set(log.rejected.map((message) => message.seq));
  for (const { seq, event } of log.events) {
    const result = foldEvent(workspace, event);
    if ("rejected" in result) quarantinedSeqs.add(seq);
  }
  return { workspace, quarantinedSeqs };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** One comparable text per value: dates as instants, JSON with sorted keys, absent as null. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (typeof value === "object") return JSON.stringify(sortKeys(value));
  return `${typeof value}:${String(value)}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  return value;
}

function compareTable(
  table: string,
  expected: Map<string, object>,
  actual: Map<string, Record<string, unknown>>,
  violations: Violations,
): void {
  for (const [key, record] of expected) {
    const row = actual.get(key);
    if (!row) {
      violations.push(`${table} ${key}: in the fold of the stream, missing from the read model`);
      continue;
    }
    for (const [field, value] of Object.entries(record)) {
      const column = snake(field);
      if (!(column in row)) continue;
      let stored = row[column];
      if (typeof value === "number" && typeof stored === "string") stored = Number(stored);
      if (comparable(value) !== comparable(stored))
        violations.push(
          `${table} ${key}.${column}: stream folds to ${comparable(value)}, read model has ${comparable(stored)}`,
        );
    }
  }
  for (const key of actual.keys())
    if (!expected.has(key)) violations.push(`${table} ${key}: in the read model, not in the fold of the stream`);
}

/** Compares every projected table, row by row and column by column, with the fold of the stream. */
export async function compareWithFold(client: pg.Client, fold: StreamFold): Promise<Violations> {
  const violations: Violations = [];
  const rowsOf = async (table: string, keyOf: (row: Record<string, unknown>) => string) => {
    const result = await client.query<Record<string, unknown>>(`select * from readmodel.${table}`);
    return new Map(result.rows.map((row) => [keyOf(row), row]));
  };
  const byId = (row: Record<string, unknown>) => String(row.id);
  const { workspace } = fold;
  compareTable("chat_account", workspace.chatAccounts, await rowsOf("chat_account", byId), violations);
  compareTable("contact", workspace.contacts, await rowsOf("contact", byId), violations);
  compareTable("conversation", workspace.conversations, await rowsOf("conversation", byId), violations);
  compareTable("message", workspace.messages, await rowsOf("message", byId), violations);
  // The workspace keys pending statuses by org and MessageSid (sidKeyOf).
  const pendingRows = await rowsOf("pending_status", (row) => sidKeyOf(String(row.org_id), String(row.provider_sid)));
  compareTable("pending_status", workspace.pendingStatuses, pendingRows, violations);
  const quarantined = new Set(
    (await client.query<{ seq: string }>("select seq::text as seq from readmodel.quarantine")).rows.map((row) =>
      Number(row.seq),
    ),
  );
  for (const seq of fold.quarantinedSeqs)
    if (!quarantined.has(seq)) violations.push(`stream message ${seq} must be quarantined and is not`);
  for (const seq of quarantined)
    if (!fold.quarantinedSeqs.has(seq))
      violations.push(`stream message ${seq} is quarantined though it verifies and projects`);
  return violations;
}
