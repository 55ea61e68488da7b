import type { CloudpaEvent } from "@cloudpa/contracts";
import {
  addRowKeysOf,
  emptyRowKeys,
  loadRows,
  loadRowsStatements,
  type QuarantineEntry,
  ReadModelWorkspace,
  readCheckpoint,
  readCheckpointSql,
  sqlLiteral,
  writeChangedRows,
  writeChangedRowsStatements,
  writeCheckpoint,
  writeCheckpointSql,
  writeQuarantine,
} from "@cloudpa/read-model";
import type pg from "pg";
import { isRowRejection } from "./postgres-errors.js";
import type { OpenedEvent } from "./stream-event.js";

/** What one committed batch did. */
export interface BatchOutcome {
  /** The checkpoint after the batch. */
  checkpoint: number;
  applied: number;
  /** At or below the checkpoint already: redeliveries, applied before. */
  skipped: number;
  quarantined: QuarantineEntry[];
  /** Orgs whose rows changed, with the conversations and channels touched (for live notices). */
  touched: Map<string, { conversationIds: Set<string>; channelIds: Set<string> }>;
}

export interface BatchApplierOptions {
  schema: string;
  stream: string;
  /**
   * Name of the advisory lock every batch holds shared: a rebuild takes it exclusively to
   * swap schemas, so no batch is half in the old schema and half in the new one.
   */
  lockName: string;
}

/**
 * The batch does not start right after the checkpoint: a message was lost in transit (a NATS
 * reconnect) and would be redelivered behind newer ones, then skipped as "already applied".
 * The live consumer rebinds from the checkpoint instead.
 */
export class SequenceGapError extends Error {
  override name = "SequenceGapError";
  readonly code = "PROJECTOR.SEQUENCE_GAP";
  constructor(
    readonly checkpoint: number,
    readonly firstSeq: number,
  ) {
    super(`batch starts at sequence ${firstSeq}, the checkpoint is ${checkpoint}`);
  }
}

/** The lock that serializes batches against a schema swap of the live read model. */
export function swapLockName(liveSchema: string): string {
  return `cloudpa:swap:${liveSchema}`;
}

function touch(outcome: BatchOutcome, event: CloudpaEvent) {
  let org = outcome.touched.get(event.orgId);
  if (!org) {
    org = { conversationIds: new Set(), channelIds: new Set() };
    outcome.touched.set(event.orgId, org);
  }
  if ("conversationId" in event) org.conversationIds.add(event.conversationId);
  else if ("conversationIds" in event) for (const id of event.conversationIds) org.conversationIds.add(id);
  else org.channelIds.add(event.channelId);
}

function quarantineEntry(opened: OpenedEvent, code: string, reason: string): QuarantineEntry {
  return {
    seq: opened.source.seq,
    subject: opened.source.subject,
    reasonCode: code,
    reason,
    payload: opened.source.data,
    at: opened.source.storedAt,
  };
}

/**
 * Applies batches of opened events to the read model: one transaction per batch holding
 * the rows, the quarantined events and the checkpoint, so a crash at any point leaves
 * either all of a batch or none of it. Events at or below the checkpoint are skipped.
 */
export class BatchApplier {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: BatchApplierOptions,
  ) {}

  /**
   * `allowGap`: the first batch after (re)binding may start later (messages deleted from the stream).
   * Two round trips in the usual case: the transaction's start, the checkpoint and every row the
   * batch reads in one; the rows, the checkpoint and the commit in the other.
   */
  async apply(batch: OpenedEvent[], options: { allowGap?: boolean } = {}): Promise<BatchOutcome> {
    const { schema, stream, lockName } = this.options;
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const keys = emptyRowKeys();
      for (const opened of batch) if ("event" in opened) addRowKeysOf(keys, opened.event);
      const load = loadRowsStatements(schema, keys);
      // Commits need not wait for the WAL flush: should Postgres lose the last ones in a crash,
      // its checkpoint goes back with them, the next batch no longer starts right after it
      // (SequenceGapError), and the consumer re-reads the stream from there.
      const results = (await client.query(
        [
          "begin",
          `select set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock_shared(hashtext(${sqlLiteral(lockName)}))`,
          readCheckpointSql(schema),
          "savepoint whole_batch",
          ...load.statements,
        ].join(";\n"),
      )) as unknown as pg.QueryResult[];
      const checkpointRow = results[2]?.rows[0];
      const checkpoint = checkpointRow ? Number(checkpointRow.last_seq) : 0;
      const { fresh, outcome } = startBatch(batch, checkpoint, options.allowGap);
      if (fresh.length === 0) {
        await client.query("commit");
        return outcome;
      }
      // The fast path writes the whole batch with one statement per table. If Postgres refuses
      // those rows (something the pure projections did not foresee), the batch is redone one
      // event per savepoint, so only the offending event is quarantined and the rest applies.
      const workspace = new ReadModelWorkspace();
      load.remember(workspace, results.slice(4));
      for (const opened of fresh) this.projectInto(workspace, opened, outcome);
      const last = Math.max(checkpoint, ...fresh.map((opened) => opened.source.seq));
      try {
        await writeQuarantine(client, schema, outcome.quarantined);
        await client.query(
          [
            ...writeChangedRowsStatements(schema, workspace.takeChanged()),
            "release savepoint whole_batch",
            writeCheckpointSql(schema, stream, last),
            "commit",
          ].join(";\n"),
        );
        outcome.checkpoint = last;
        return outcome;
      } catch (error) {
        if (!isRowRejection(error)) throw error;
        await client.query("rollback to savepoint whole_batch");
        outcome.applied = 0;
        outcome.quarantined = [];
        outcome.touched.clear();
        await this.projectOneByOne(client, fresh, outcome);
      }
      await writeQuarantine(client, schema, outcome.quarantined);
      outcome.checkpoint = last;
      await writeCheckpoint(client, schema, stream, outcome.checkpoint);
      await client.query("commit");
      return outcome;
    } catch (error) {
      broken = error as Error;
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction may be dead: let the pool drop it.
      client.release(broken && !isRowRejection(broken) && !(broken instanceof SequenceGapError) ? broken : undefined);
    }
  }

  /** The body of a batch's transaction, for callers that own the transaction (rebuild, replay). */
  async applyInTransaction(
    client: pg.PoolClient,
    batch: OpenedEvent[],
    options: { allowGap?: boolean } = { allowGap: true },
  ): Promise<BatchOutcome> {
    const { schema, stream } = this.options;
    const checkpoint = await readCheckpoint(client, schema);
    const { fresh, outcome } = startBatch(batch, checkpoint, options.allowGap);
    if (fresh.length === 0) return outcome;

    // The fast path writes the whole batch with one statement per table. If Postgres refuses
    // those rows (something the pure projections did not foresee), the batch is redone one
    // event per savepoint, so only the offending event is quarantined and the rest applies.
    await client.query("savepoint whole_batch");
    try {
      await this.projectTogether(client, fresh, outcome);
      await client.query("release savepoint whole_batch");
    } catch (error) {
      if (!isRowRejection(error)) throw error;
      await client.query("rollback to savepoint whole_batch");
      outcome.applied = 0;
      outcome.quarantined = [];
      outcome.touched.clear();
      await this.projectOneByOne(client, fresh, outcome);
    }
    await writeQuarantine(client, schema, outcome.quarantined);
    outcome.checkpoint = Math.max(checkpoint, ...fresh.map((opened) => opened.source.seq));
    await writeCheckpoint(client, schema, stream, outcome.checkpoint);
    return outcome;
  }

  /**
   * Applies one event that was quarantined earlier (`cloudpa quarantine retry`), inside the caller's
   * transaction, the way a batch applies it one by one: verified, projected, written under a
   * savepoint. It lies at or below the checkpoint, which stays where it is. The outcome's
   * `quarantined` holds why it still cannot be projected, if it cannot.
   */
  async applyQuarantinedInTransaction(client: pg.PoolClient, opened: OpenedEvent): Promise<BatchOutcome> {
    const checkpoint = await readCheckpoint(client, this.options.schema);
    const outcome: BatchOutcome = { checkpoint, applied: 0, skipped: 0, quarantined: [], touched: new Map() };
    await this.projectOneByOne(client, [opened], outcome);
    return outcome;
  }

  private async projectTogether(client: pg.PoolClient, fresh: OpenedEvent[], outcome: BatchOutcome) {
    const workspace = new ReadModelWorkspace();
    const keys = emptyRowKeys();
    for (const opened of fresh) if ("event" in opened) addRowKeysOf(keys, opened.event);
    await loadRows(client, this.options.schema, workspace, keys);
    for (const opened of fresh) this.projectInto(workspace, opened, outcome);
    await writeChangedRows(client, this.options.schema, workspace.takeChanged());
  }

  private async projectOneByOne(client: pg.PoolClient, fresh: OpenedEvent[], outcome: BatchOutcome) {
    for (const opened of fresh) {
      if (!("event" in opened)) {
        this.projectInto(new ReadModelWorkspace(), opened, outcome);
        continue;
      }
      await client.query("savepoint one_event");
      const before = { applied: outcome.applied, quarantined: outcome.quarantined.length };
      try {
        const workspace = new ReadModelWorkspace();
        await loadRows(client, this.options.schema, workspace, addRowKeysOf(emptyRowKeys(), opened.event));
        this.projectInto(workspace, opened, outcome);
        await writeChangedRows(client, this.options.schema, workspace.takeChanged());
        await client.query("release savepoint one_event");
      } catch (error) {
        if (!isRowRejection(error)) throw error;
        await client.query("rollback to savepoint one_event");
        outcome.applied = before.applied;
        outcome.quarantined.length = before.quarantined;
        outcome.quarantined.push(
          quarantineEntry(
            opened,
            "PROJECTION.DB_REJECTED",
            `Postgres refused the rows (${error.code}): ${error.message}`,
          ),
        );
      }
    }
  }

  private projectInto(workspace: ReadModelWorkspace, opened: OpenedEvent, outcome: BatchOutcome) {
    if ("refused" in opened) {
      outcome.quarantined.push(quarantineEntry(opened, opened.refused.code, opened.refused.reason));
      return;
    }
    const result = workspace.project(opened.event);
    if ("rejected" in result) {
      outcome.quarantined.push(quarantineEntry(opened, result.rejected.code, result.rejected.reason));
      return;
    }
    outcome.applied += 1;
    if (result.changes.length > 0) touch(outcome, opened.event);
  }
}

/**
 * The events of a batch past the checkpoint (earlier ones were applied: a redelivery), and the
 * outcome they start. Unless a gap is allowed, the first must follow the checkpoint directly.
 */
function startBatch(
  batch: OpenedEvent[],
  checkpoint: number,
  allowGap: boolean | undefined,
): { fresh: OpenedEvent[]; outcome: BatchOutcome } {
  const fresh = batch.filter((opened) => opened.source.seq > checkpoint);
  const firstSeq = fresh[0]?.source.seq;
  if (!allowGap && firstSeq !== undefined && firstSeq > checkpoint + 1) {
    throw new SequenceGapError(checkpoint, firstSeq);
  }
  return {
    fresh,
    outcome: { checkpoint, applied: 0, skipped: batch.length - fresh.length, quarantined: [], touched: new Map() },
  };
}
