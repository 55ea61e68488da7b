import { EnvelopeError, type Keyring, openCommand } from "@cloudpa/contracts";
import type { ServiceNats } from "@cloudpa/kit/core";
import { quoteIdent, READ_MODEL_SCHEMA } from "@cloudpa/read-model";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type pg from "pg";
import { BatchApplier, swapLockName } from "../consumer/batch-applier.js";
import { openStreamEvents } from "../consumer/event-opener.js";
import type { StreamEvent } from "../consumer/stream-event.js";
import { publishLiveNotices } from "../live/live-notices.js";
import type { QuarantineItem, RetryResult } from "./quarantine-format.js";
import type { QuarantineStore } from "./quarantine-store.js";

export interface RetryDeps {
  nats: ServiceNats;
  pool: pg.Pool;
  store: QuarantineStore;
  keyring: Keyring;
  schema?: string;
  clock?: () => Date;
}

/** Applies a quarantined item again, through the path it first took; it stays in quarantine with the new reason if it still fails. */
export function retryQuarantined(item: QuarantineItem, deps: RetryDeps): Promise<RetryResult> {
  return item.source === "projector" ? retryEvent(item, deps) : retryCommand(item, deps);
}

/**
 * The projector's event: read again at its sequence, verified with today's keyring, projected by
 * the batch applier (projections are idempotent) in one transaction that also removes the row,
 * or records the new reason. The shared swap lock keeps a rebuild's swap out, as for a batch.
 */
async function retryEvent(item: QuarantineItem, deps: RetryDeps): Promise<RetryResult> {
  const { nats, pool, keyring } = deps;
  const schema = deps.schema ?? READ_MODEL_SCHEMA;
  const table = `${quoteIdent(schema)}.quarantine`;
  const stream = nats.names.eventsStream;
  const source = await readStoredEvent(nats, item.seq);
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock_shared(hashtext($1))", [swapLockName(schema)]);
    const still = await client.query(`select 1 from ${table} where seq = $1 for update`, [item.seq]);
    if (still.rows.length === 0) {
      await client.query("rollback");
      return { id: item.id, outcome: "skipped", detail: "no longer in quarantine" };
    }
    let refusal: { reasonCode: string; reason: string } | undefined;
    let outcome: Awaited<ReturnType<BatchApplier["applyQuarantinedInTransaction"]>> | undefined;
    if (!source) {
      refusal = { reasonCode: "QUARANTINE.NOT_IN_STREAM", reason: `sequence ${item.seq} is no longer in ${stream}` };
    } else {
      const [opened] = openStreamEvents([source], keyring);
      const applier = new BatchApplier(pool, { schema, stream, lockName: swapLockName(schema) });
      outcome = await applier.applyQuarantinedInTransaction(client, opened as NonNullable<typeof opened>);
      refusal = outcome.quarantined[0];
    }
    if (refusal) {
      await client.query(`update ${table} set reason_code = $2, reason = $3 where seq = $1`, [
        item.seq,
        refusal.reasonCode,
        refusal.reason,
      ]);
    } else {
      await client.query(`delete from ${table} where seq = $1`, [item.seq]);
    }
    await client.query("commit");
    if (refusal) return { id: item.id, outcome: "still_failing", ...refusal };
    if (outcome) publishLiveNotices(nats.nc, nats.names, outcome);
    return { id: item.id, outcome: "applied", detail: `projected; removed from quarantine` };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The event at `seq`, or undefined when the stream no longer holds it (nats.js answers null for
 * "no message found"). Any other failure, a missing stream included, is thrown, not taken as gone.
 */
async function readStoredEvent(nats: ServiceNats, seq: number): Promise<StreamEvent | undefined> {
  const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq });
  if (!stored) return undefined;
  return {
    seq: stored.seq,
    subject: stored.subject,
    data: stored.data,
    header: (name) => stored.header?.get(name),
    storedAt: stored.time,
  };
}

/**
 * The outbound's command: verified with today's keyring, then its exact bytes and signature are
 * published again to COMMANDS for the outbound to handle as any command. Its commandId keys the
 * outbound's attempt, so it is sent at most once however often it arrives. The Nats-Msg-Id
 * names the quarantined sequence, so two operators retrying at once publish it once.
 */
async function retryCommand(item: QuarantineItem, deps: RetryDeps): Promise<RetryResult> {
  const { nats, store, keyring } = deps;
  const stored = await store.command(item.seq);
  if (!stored) return { id: item.id, outcome: "skipped", detail: "no longer in quarantine" };
  const { record } = stored;
  if (record.status === "retried") {
    return {
      id: item.id,
      outcome: "skipped",
      detail: `already retried at ${record.retriedAt ?? "?"} as seq ${record.retriedAsSeq ?? "?"}`,
    };
  }
  const data = Buffer.from(record.payload, "base64");
  let command: ReturnType<typeof openCommand>;
  try {
    command = openCommand(data, (name) => record.headers[name]?.[0], keyring);
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    await store.updateCommand(stored, { ...record, reasonCode: error.code, reason: error.message });
    return { id: item.id, outcome: "still_failing", reasonCode: error.code, reason: error.message };
  }
  const headers = natsHeaders();
  for (const [name, values] of Object.entries(record.headers)) {
    // JetStream's own headers (the old Nats-Msg-Id…) are not the command's.
    if (name.toLowerCase().startsWith("nats-")) continue;
    for (const value of values) headers.append(name, value);
  }
  const ack = await nats.js.publish(nats.names.sendReplySubject(command.orgId), data, {
    headers,
    msgID: `retry:${command.orgId}:${record.seq}`,
  });
  const retriedAt = (deps.clock ?? (() => new Date()))().toISOString();
  await store.updateCommand(stored, { ...record, status: "retried", retriedAt, retriedAsSeq: ack.seq });
  return {
    id: item.id,
    outcome: "republished",
    detail: `as seq ${ack.seq} of ${nats.names.commandsStream} (commandId ${command.commandId}); the outbound sends it at most once`,
  };
}
