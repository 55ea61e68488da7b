import type { CloudpaEvent } from "@cloudpa/contracts";
import {
  addRowKeysOf,
  checkpointOf,
  emptyRowKeys,
  foldEvent,
  leaseEpochOf,
  loadRowsStatements,
  lockCheckpointStatement,
  plain,
  type QuarantineEntry,
  ReadModelWorkspace,
  readCheckpoint,
  readCheckpointStatement,
  runStatements,
  type SqlStatement,
  statement,
  type ValueMode,
  writeChangedRowsStatements,
  writeCheckpointStatement,
  writeQuarantineStatements,
} from "@cloudpa/read-model/projection";
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
  /**
   * The partition of the stream the batches belong to, and the fencing token of this process's
   * lease on it (docs/decisions/020): the checkpoint row is locked and checked at each batch's
   * start, so a holder superseded by a newer one never commits. Absent: the whole stream, unfenced.
   */
  partition?: { index: number; leaseEpoch: number };
}

/** A newer holder of the partition wrote its fencing token: this process no longer holds the lease. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  readonly code = "PROJECTOR.LEASE_LOST";
  constructor(
    readonly partition: number,
    readonly leaseEpoch: number,
    readonly newerEpoch: number,
  ) {
    super(`partition ${partition} is held by a newer lease (epoch ${newerEpoch} > ${leaseEpoch})`);
  }
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
  // A label's own events name no conversation or channel: the org's notice is enough (issue 15).
  if ("labelId" in event && !("conversationId" in event)) return;
  // Nor do a saved reply's.
  if ("savedReplyId" in event) return;
  if ("conversationId" in event) org.conversationIds.add(event.conversationId);
  // An erasure names its conversations; new contact details name each conversation whose list name follows.
  if ("conversationIds" in event) for (const id of event.conversationIds) org.conversationIds.add(id);
  else if (!("conversationId" in event)) org.channelIds.add(event.channelId);
}

/** The quarantine row of an event that cannot be projected; live and rebuild write the same one. */
export function quarantineEntry(opened: OpenedEvent, code: string, reason: string): QuarantineEntry {
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
 * Statements carry their values inlined, so each step of a batch is one round trip whatever the
 * number of statements (docs/decisions/008).
 */
const MODE: ValueMode = "literals";

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
   * Applies a batch in a transaction of its own. `allowGap`: the first batch after (re)binding
   * may start later (messages deleted from the stream). `previousSeq`: the stream sequence delivered
   * just before the batch on the same binding; a checkpoint there means nothing is missing between
   * them (a filtered consumer's events are not contiguous in the stream). `whileWriting`: called
   * once the batch's rows are sent, while Postgres writes them (the caller's own work meanwhile).
   */
  async apply(
    batch: OpenedEvent[],
    options: { allowGap?: boolean; previousSeq?: number; whileWriting?: () => void } = {},
  ): Promise<BatchOutcome> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await this.applyBatch(client, batch, { ...options, ownTransaction: true });
    } catch (error) {
      broken = error as Error;
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction may be dead: let the pool drop it.
      const expected = isRowRejection(broken) || broken instanceof SequenceGapError || broken instanceof LeaseLostError;
      client.release(broken && !expected ? broken : undefined);
    }
  }

  /** The same inside a transaction the caller holds (rebuild's catch-up under the swap lock). */
  async applyInTransaction(
    client: pg.PoolClient,
    batch: OpenedEvent[],
    options: { allowGap?: boolean } = { allowGap: true },
  ): Promise<BatchOutcome> {
    return this.applyBatch(client, batch, {
      allowGap: options.allowGap,
      previousSeq: undefined,
      ownTransaction: false,
    });
  }

  /**
   * Applies one event that was quarantined earlier (`cloudpa quarantine retry`), inside the caller's
   * transaction, the way a batch applies it one by one: verified, projected, written under a
   * savepoint. It lies at or below the checkpoint, which stays where it is. The outcome's
   * `quarantined` holds why it still cannot be projected, if it cannot.
   */
  async applyQuarantinedInTransaction(client: pg.PoolClient, opened: OpenedEvent): Promise<BatchOutcome> {
    const checkpoint = await readCheckpoint(client, this.options.schema, { partition: this.options.partition?.index });
    const outcome: BatchOutcome = { checkpoint, applied: 0, skipped: 0, quarantined: [], touched: new Map() };
    await this.applyOneByOne(client, [opened], outcome);
    return outcome;
  }

  /**
   * The one write path. Two round trips in the usual case: the transaction's start (when it is
   * the batch's own), the checkpoint and every row the batch reads in one; the rows, the
   * quarantined events, the checkpoint and the commit in the other. If Postgres refuses the rows
   * (something the pure projections did not foresee), the fallback redoes the batch with the
   * same steps one event per savepoint, so only the offending event is quarantined.
   */
  private async applyBatch(
    client: pg.PoolClient,
    batch: OpenedEvent[],
    options: {
      allowGap?: boolean;
      previousSeq?: number | undefined;
      ownTransaction: boolean;
      whileWriting?: () => void;
    },
  ): Promise<BatchOutcome> {
    const { schema, stream, lockName, partition } = this.options;
    // Commits need not wait for the WAL flush: should Postgres lose the last ones in a crash,
    // its checkpoint goes back with them, the next batch no longer starts right after it
    // (SequenceGapError), and the consumer re-reads the stream from there.
    const opening = options.ownTransaction
      ? [
          plain("begin"),
          statement(
            MODE,
            (v) =>
              `select set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock_shared(hashtext(${v.scalar(lockName, "text")}))`,
          ),
        ]
      : [];
    const closing = options.ownTransaction ? [plain("commit")] : [];
    const { before, workspace } = await this.openGroup(client, batch, "whole_batch", [
      ...opening,
      partition
        ? lockCheckpointStatement(schema, stream, partition.index, MODE)
        : readCheckpointStatement(schema, MODE),
    ]);
    const checkpoint = checkpointOf(before[opening.length]);
    if (partition && leaseEpochOf(before[opening.length]) > partition.leaseEpoch) {
      throw new LeaseLostError(partition.index, partition.leaseEpoch, leaseEpochOf(before[opening.length]));
    }
    const { fresh, outcome } = startBatch(batch, checkpoint, options);
    if (fresh.length === 0) {
      await runStatements(client, [plain("release savepoint whole_batch"), ...closing]);
      return outcome;
    }
    const last = Math.max(checkpoint, ...fresh.map((opened) => opened.source.seq));
    const finish = (): SqlStatement[] => [
      ...writeQuarantineStatements(schema, outcome.quarantined, MODE),
      plain("release savepoint whole_batch"),
      writeCheckpointStatement(schema, stream, last, MODE, {
        partition: partition?.index,
        leaseEpoch: partition?.leaseEpoch,
      }),
      ...closing,
    ];
    try {
      await this.projectAndWrite(client, workspace, fresh, outcome, finish, options.whileWriting);
    } catch (error) {
      if (!isRowRejection(error)) throw error;
      await runStatements(client, [plain("rollback to savepoint whole_batch")]);
      outcome.applied = 0;
      outcome.quarantined = [];
      outcome.touched.clear();
      await this.applyOneByOne(client, fresh, outcome);
      await runStatements(client, finish());
    }
    outcome.checkpoint = last;
    return outcome;
  }

  /** The fallback: each event as a group of its own under a savepoint; a refused one is quarantined. */
  private async applyOneByOne(client: pg.PoolClient, fresh: OpenedEvent[], outcome: BatchOutcome) {
    for (const opened of fresh) {
      if (!("event" in opened)) {
        this.projectInto(new ReadModelWorkspace(), opened, outcome);
        continue;
      }
      const before = { applied: outcome.applied, quarantined: outcome.quarantined.length };
      const { workspace } = await this.openGroup(client, [opened], "one_event");
      try {
        await this.projectAndWrite(client, workspace, [opened], outcome, () => [plain("release savepoint one_event")]);
      } catch (error) {
        if (!isRowRejection(error)) throw error;
        await runStatements(client, [plain("rollback to savepoint one_event")]);
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

  /**
   * A group's first round trip: `before`, a savepoint, and the selects of every row the events
   * read. Returns the results of `before` and a workspace holding the loaded rows.
   */
  private async openGroup(
    client: pg.PoolClient,
    events: OpenedEvent[],
    savepoint: string,
    before: SqlStatement[] = [],
  ) {
    const keys = emptyRowKeys();
    for (const opened of events) if ("event" in opened) addRowKeysOf(keys, opened.event);
    const load = loadRowsStatements(this.options.schema, keys, MODE);
    const results = await runStatements(client, [...before, plain(`savepoint ${savepoint}`), ...load.statements]);
    const workspace = new ReadModelWorkspace();
    load.remember(workspace, results.slice(before.length + 1));
    return { before: results.slice(0, before.length), workspace };
  }

  /**
   * A group's second round trip: projects the events, writes the rows they changed, then `after()`;
   * `whileWriting` runs once the statements are sent, while Postgres runs them.
   */
  private async projectAndWrite(
    client: pg.PoolClient,
    workspace: ReadModelWorkspace,
    events: OpenedEvent[],
    outcome: BatchOutcome,
    after: () => SqlStatement[],
    whileWriting?: () => void,
  ) {
    for (const opened of events) this.projectInto(workspace, opened, outcome);
    const writing = runStatements(client, [
      ...writeChangedRowsStatements(this.options.schema, workspace.takeChanged(), "upsert", MODE),
      ...after(),
    ]);
    try {
      whileWriting?.();
    } finally {
      await writing;
    }
  }

  private projectInto(workspace: ReadModelWorkspace, opened: OpenedEvent, outcome: BatchOutcome) {
    if ("refused" in opened) {
      outcome.quarantined.push(quarantineEntry(opened, opened.refused.code, opened.refused.reason));
      return;
    }
    const result = foldEvent(workspace, opened.event);
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
 * outcome they start. Unless a gap is allowed, the first must follow the checkpoint directly, or
 * the checkpoint must be the event delivered just before the batch (nothing of the consumer's lay
 * between them).
 */
function startBatch(
  batch: OpenedEvent[],
  checkpoint: number,
  { allowGap, previousSeq }: { allowGap?: boolean; previousSeq?: number | undefined },
): { fresh: OpenedEvent[]; outcome: BatchOutcome } {
  const fresh = batch.filter((opened) => opened.source.seq > checkpoint);
  const firstSeq = fresh[0]?.source.seq;
  if (!allowGap && firstSeq !== undefined && firstSeq > checkpoint + 1 && checkpoint !== previousSeq) {
    throw new SequenceGapError(checkpoint, firstSeq);
  }
  return {
    fresh,
    outcome: { checkpoint, applied: 0, skipped: batch.length - fresh.length, quarantined: [], touched: new Map() },
  };
}
