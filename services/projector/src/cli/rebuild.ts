import { type CloudpaEvent, type Keyring, parseEventSubject } from "@cloudpa/contracts";
import { type Logger, readPartitionedSince, type ServiceNats } from "@cloudpa/kit/core";
import {
  adoptPartitionCheckpoints,
  dropIndexSql,
  eraseWritten,
  foldEvent,
  type MissingMessageKeys,
  type QuarantineEntry,
  quoteIdent,
  READ_MODEL_SCHEMA,
  RebuildWorkspace,
  readCheckpoint,
  readWrittenMessages,
  rewriteMessages,
  type SecondaryIndex,
  secondaryIndexesOf,
  WHOLE_STREAM,
  WrittenKeys,
  writeCheckpoint,
  writeQuarantine,
} from "@cloudpa/read-model/projection";
import cliProgress from "cli-progress";
import type pg from "pg";
import { BatchApplier, quarantineEntry, swapLockName } from "../consumer/batch-applier.js";
import { EnvelopeWorkers } from "../consumer/envelope-workers.js";
import type { OpenedEvent } from "../consumer/stream-event.js";
import { readStream } from "../stream/read-stream.js";
import { copyRows } from "./rebuild-copy.js";

export interface RebuildOptions {
  nats: ServiceNats;
  pool: pg.Pool;
  keyring: Keyring;
  /**
   * Creates the fresh schema's tables by running the read model's migrations into it. The CLI runs
   * them in a child process (`migrateInChildProcess`, docs/decisions/041), so the rebuild's own
   * process never loads MikroORM.
   */
  migrateFreshSchema: (schema: string) => Promise<unknown>;
  logger: Logger;
  /** The live schema that is replaced (default `readmodel`). */
  liveSchema?: string;
  /**
   * Events per batch of the bulk load (default 1,000): with the batch being written and the
   * messages waiting in the reader's buffer, what a rebuild holds in flight (docs/decisions/024).
   */
  batchSize?: number;
  progress?: boolean;
  signal?: AbortSignal;
  /** Worker threads that verify signatures (default: one per core). */
  workers?: number;
  /**
   * Messages kept in memory after they are written, over all partitions (default 20,000): later
   * events mostly read recent ones, and an older one is read back from the fresh table.
   */
  keptMessages?: number;
  /** Called after each batch of the bulk load with the events folded so far. */
  onProgress?: (loaded: number) => void;
}

export interface RebuildReport {
  /** Events folded by the bulk load (sequence 1 to the stream's end when it began). */
  loadedEvents: number;
  /** Events applied after it, while the live projector kept going. */
  caughtUpEvents: number;
  checkpoint: number;
  quarantined: number;
  loadSeconds: number;
  eventsPerSecond: number;
  totalSeconds: number;
}

/**
 * Indexes kept through the bulk load: the message's unique (org, MessageSid) one, by which a
 * batch reads back a written message, and which checks the load as it goes. The others are
 * dropped for it and built after.
 */
function keptDuringLoad(index: SecondaryIndex): boolean {
  return index.table === "message" && /^create unique index/i.test(index.definition);
}

/**
 * Events per batch of the bulk load. A batch of 5,000 held about 20 MB in flight and loaded no
 * faster: 1M events peaked at 318 MiB with 5,000 (4,716 events/s, load 7.5) and at 246-259 MiB with
 * 1,000 (4,723-6,373 events/s, load 4.5-4.8); bench/results/2026-12-03-rebuild-memory.txt.
 */
const DEFAULT_BATCH_SIZE = 1000;

/** Batches verified on the worker threads ahead of the one folding (with workers only). */
const VERIFIED_AHEAD = 2;

/** Index builds that run at once, each on its own connection (CREATE INDEX builds share the table). */
const INDEX_BUILDERS = 2;

/**
 * The secondary indexes of the loaded schema (as its migrations made them, read before the load),
 * then its statistics. A build uses one core, and the trigram (GIN) index of the message bodies
 * takes about as long as all the others together, so they run on two connections at once, the GIN
 * ones first.
 */
async function buildIndexes(pool: pg.Pool, schema: string, indexes: SecondaryIndex[]) {
  const builds = [...indexes]
    .sort((a, b) => Number(b.method === "gin") - Number(a.method === "gin"))
    .map((index) => index.definition);
  const analyze = ["chat_account", "contact", "conversation", "message", "pending_status"].map(
    (table) => `analyze ${quoteIdent(schema)}.${table}`,
  );
  const runAll = async (queue: string[]) => {
    const next = async (): Promise<void> => {
      const statement = queue.shift();
      if (statement === undefined) return;
      await pool.query(statement);
      await next();
    };
    await Promise.all(Array.from({ length: INDEX_BUILDERS }, next));
  };
  await runAll(builds);
  await runAll(analyze);
}

async function schemaExists(pool: pg.Pool, schema: string): Promise<boolean> {
  const result = await pool.query("select 1 from information_schema.schemata where schema_name = $1", [schema]);
  return result.rows.length > 0;
}

function abortable(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new Error("rebuild interrupted; the live read model is untouched, run it again");
}

/**
 * A partitioned stream's projector binds per partition (docs/decisions/020): the rebuilt schema's
 * whole-stream checkpoint becomes one per partition, each at that partition's last event, and
 * the whole stream's stays only for the part from before partitions (`afterSeq`, 0 when
 * partitioned from the set-up). No holder yet: fencing token 0, as a first claim takes it.
 */
async function splitCheckpoint(
  db: pg.PoolClient,
  schema: string,
  stream: string,
  afterSeq: number,
  partitionLastSeqs: number[],
) {
  await db.query(`delete from ${quoteIdent(schema)}.projection_checkpoint where partition = $1`, [WHOLE_STREAM]);
  if (afterSeq > 0) await writeCheckpoint(db, schema, stream, afterSeq);
  for (const [partition, lastSeq] of partitionLastSeqs.entries()) {
    await writeCheckpoint(db, schema, stream, lastSeq, { partition });
  }
}

/**
 * Blue/green rebuild of the read model from sequence 1, while the live projector keeps
 * running:
 *  1. a fresh schema `<live>_next` (a leftover of an interrupted run is dropped first), made by
 *     running the migrations into it, then its secondary indexes dropped (their definitions kept);
 *  2. the bulk load: every event up to the stream's end folds through the same pure projections,
 *     each partition of the stream read and folded on its own and all at once (orgs never meet),
 *     with bounded memory (docs/decisions/024): messages are written batch by batch by COPY and
 *     read back when a later event reads one no longer in memory, the aggregates are written by
 *     COPY at the end; then the indexes;
 *  3. catch-up: batches as the live projector applies them, until close to the live head;
 *  4. the swap, in one transaction holding the exclusive swap lock (so no live batch is
 *     half before and half after it): the last events up to the live partitions' furthest
 *     checkpoint; on a partitioned stream the fresh schema's checkpoint split into one per
 *     partition (`splitCheckpoint`), and every live partition's checkpoint moved there (its fencing
 *     token kept); then the schemas are renamed; the old one is dropped after.
 * Interrupted anywhere, the live schema is untouched (or already swapped whole) and a new
 * run starts clean.
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildReport> {
  // One rebuild at a time: a second would drop the first one's fresh schema under it.
  const guard = await options.pool.connect();
  const lock = `cloudpa:rebuild:${options.liveSchema ?? READ_MODEL_SCHEMA}`;
  const opener = EnvelopeWorkers.start(options.keyring, options.workers);
  try {
    const { rows } = await guard.query("select pg_try_advisory_lock(hashtext($1)) as locked", [lock]);
    if (!rows[0]?.locked) throw new Error("another rebuild is running");
    return await rebuildWith(options, opener);
  } finally {
    await opener.stop();
    await guard.query("select pg_advisory_unlock_all()").catch(() => undefined);
    guard.release();
  }
}

async function rebuildWith(options: RebuildOptions, opener: EnvelopeWorkers): Promise<RebuildReport> {
  const started = performance.now();
  const { nats, pool, logger, signal } = options;
  const live = options.liveSchema ?? READ_MODEL_SCHEMA;
  const fresh = `${live}_next`;
  const retired = `${live}_old`;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const stream = nats.names.eventsStream;

  await pool.query(`drop schema if exists ${quoteIdent(fresh)} cascade`);
  await pool.query(`drop schema if exists ${quoteIdent(retired)} cascade`);
  // Ctrl-C reaches the CLI's migrating child too (one process group): then its failure is the interruption.
  await options.migrateFreshSchema(fresh).catch((error: unknown) => {
    abortable(signal);
    throw error;
  });
  const indexes = (await secondaryIndexesOf(pool, fresh)).filter((index) => !keptDuringLoad(index));
  for (const index of indexes) await pool.query(dropIndexSql(fresh, index));

  // 2. Bulk load.
  const target = await nats.streamLastSeq();
  logger.info("rebuild: loading", { fresh, toSeq: target });
  // Quarantined events are written with their batch's messages (not kept to the end).
  let quarantinedCount = 0;
  const bar = options.progress
    ? new cliProgress.SingleBar({
        format: "rebuild |{bar}| {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}",
        etaBuffer: 50,
      })
    : undefined;
  bar?.start(target, 0, { rate: 0 });
  const loadStarted = performance.now();
  let loaded = 0;
  // Orgs never meet, and every event of an org falls in one partition: each partition folds on its own.
  const { partitions } = nats.names;
  // Messages are written batch by batch (docs/decisions/024); the keys of those written, for reading back.
  const written = new WrittenKeys(2 * target);
  const keepMessages = Math.ceil((options.keptMessages ?? 20_000) / partitions);
  const workspaces = Array.from({ length: partitions }, () => new RebuildWorkspace(written, keepMessages));
  // Each partition's last event (applied or quarantined): its checkpoint once the stream is partitioned.
  const partitionLastSeqs = Array.from({ length: partitions }, () => 0);
  const noteSeq = (partition: number | undefined, seq: number) => {
    if (partition !== undefined) partitionLastSeqs[partition] = Math.max(partitionLastSeqs[partition] ?? 0, seq);
  };
  /** An event's partition: its subject's, or for a subject from before partitions its org's. */
  const partitionOfSource = (opened: OpenedEvent): number | undefined => {
    const parts = parseEventSubject(opened.source.subject);
    if (parts?.partition !== null && parts?.partition !== undefined) return parts.partition;
    if (!("refused" in opened)) return nats.names.partitionOf(opened.event.orgId);
    return parts ? nats.names.partitionOf(parts.orgId) : undefined;
  };
  /**
   * Folds a batch: the messages it reads that were written and are no longer in memory are read
   * back first (after the writes before it), then its events fold in order, each into its
   * partition's workspace; then its changed messages and its quarantined events are written
   * (`writes`: one after another, while the next batch folds), as the live projector writes a
   * batch: erasures, rows, quarantine.
   */
  const project = async (
    openedBatch: OpenedEvent[],
    partitionOf: (event: CloudpaEvent, subject: string) => number,
    writes: { last: Promise<void> },
  ) => {
    const routed: { workspace: RebuildWorkspace; opened: Extract<OpenedEvent, { event: unknown }> }[] = [];
    const workspaceOfOrg = new Map<string, RebuildWorkspace>();
    const missing: MissingMessageKeys = { ids: [], sids: [] };
    const quarantined: QuarantineEntry[] = [];
    for (const opened of openedBatch) {
      noteSeq(partitionOfSource(opened), opened.source.seq);
      if ("refused" in opened) {
        quarantined.push(quarantineEntry(opened, opened.refused.code, opened.refused.reason));
        continue;
      }
      const workspace = workspaces[partitionOf(opened.event, opened.source.subject)] as RebuildWorkspace;
      routed.push({ workspace, opened });
      workspaceOfOrg.set(opened.event.orgId, workspace);
      workspace.missingMessageKeys([opened.event], missing);
    }
    if (missing.ids.length + missing.sids.length > 0) {
      await writes.last;
      const client = await pool.connect();
      try {
        for (const row of await readWrittenMessages(client, fresh, missing)) {
          workspaceOfOrg.get(row.orgId)?.rememberStored(row);
        }
      } finally {
        client.release();
      }
    }
    for (const { workspace, opened } of routed) {
      const result = foldEvent(workspace, opened.event);
      if ("rejected" in result) quarantined.push(quarantineEntry(opened, result.rejected.code, result.rejected.reason));
    }
    const taken = [...new Set(routed.map(({ workspace }) => workspace))].map((workspace) => workspace.takeMessages());
    // One batch's writes at a time: this one's start once the previous batch's are done.
    await writes.last;
    writes.last = (async () => {
      const client = await pool.connect();
      try {
        await eraseWritten(
          client,
          fresh,
          taken.flatMap((one) => one.erasedContacts),
        );
        await copyRows(
          client,
          fresh,
          "message",
          taken.flatMap((one) => one.fresh),
        );
        await rewriteMessages(
          client,
          fresh,
          taken.flatMap((one) => one.stored),
        );
        await writeQuarantine(client, fresh, quarantined);
      } finally {
        client.release();
      }
    })();
    // Awaited by the next batch or at the end; meanwhile a failure is not an unhandled rejection.
    writes.last.catch(() => undefined);
    quarantinedCount += quarantined.length;
    loaded += openedBatch.length;
    const seconds = (performance.now() - loadStarted) / 1000;
    bar?.update(loaded, { rate: Math.round(loaded / Math.max(seconds, 0.001)) });
    options.onProgress?.(loaded);
  };
  const fold = async (
    range: { fromSeq: number; toSeq: number },
    partitionOf: (event: CloudpaEvent, subject: string) => number,
  ) => {
    // With worker threads, the next batches are verified on them while this thread folds the
    // current one. Without (decision 031's default on 2 cores), this thread verifies each batch
    // itself, so opening batches ahead would only hold them in memory: it opens one and folds it.
    const verifying: Promise<OpenedEvent[]>[] = [];
    const openedAhead = opener.size > 0 ? VERIFIED_AHEAD : 0;
    const writes = { last: Promise.resolve() };
    await readStream(
      nats.js,
      stream,
      range,
      batchSize,
      async (batch) => {
        abortable(signal);
        verifying.push(opener.open(batch));
        if (verifying.length > openedAhead)
          await project(await (verifying.shift() as Promise<OpenedEvent[]>), partitionOf, writes);
      },
      signal,
    );
    while (verifying.length > 0)
      await project(await (verifying.shift() as Promise<OpenedEvent[]>), partitionOf, writes);
    await writes.last;
  };
  // One pass over the whole stream, events of both formats (before and after `cloudpa partitions
  // migrate`) each routed to its partition's workspace. Not a consumer per partition: the server
  // reads every stored message for each filtered consumer, so sixteen of them read the stream
  // sixteen times, and creating one for an empty partition of 1M events took 2 to 4 s on the
  // server's read loop (the bench's rebuild timed out). The work that runs in parallel is the
  // verification, on the opener's workers, while this thread folds and Postgres writes.
  const since = await readPartitionedSince(await nats.bucket(nats.names.configBucket));
  await fold({ fromSeq: 1, toSeq: target }, (event, subject) => {
    return parseEventSubject(subject)?.partition ?? nats.names.partitionOf(event.orgId);
  });
  abortable(signal);
  const client = await pool.connect();
  try {
    await client.query("begin");
    // The aggregates, as the fold left them (the messages are written already).
    for (const workspace of workspaces) {
      await copyRows(client, fresh, "chat_account", workspace.chatAccounts.values());
      await copyRows(client, fresh, "contact", workspace.contacts.values());
      await copyRows(client, fresh, "conversation", workspace.conversations.values());
      await copyRows(client, fresh, "label", workspace.labels.values());
      await copyRows(client, fresh, "conversation_note", workspace.notes.values());
      await copyRows(client, fresh, "pending_status", workspace.pendingStatuses.values());
      await copyRows(client, fresh, "saved_reply", workspace.savedReplies.values());
    }
    await writeCheckpoint(client, fresh, stream, target);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  await buildIndexes(pool, fresh, indexes);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  bar?.update(loaded, { rate: Math.round(loaded / Math.max(loadSeconds, 0.001)) });
  bar?.stop();
  logger.info("rebuild: loaded", {
    events: loaded,
    seconds: loadSeconds,
    eventsPerSecond: Math.round(loaded / loadSeconds),
  });

  // 3. Catch up with the stream (upserts, as the live projector does).
  const applier = new BatchApplier(pool, { schema: fresh, stream, lockName: `cloudpa:rebuild:${fresh}` });
  let caughtUp = 0;
  const catchUp = async (toSeq: number, inTransaction?: pg.PoolClient) => {
    const from = (await readCheckpoint(inTransaction ?? pool, fresh)) + 1;
    await readStream(nats.js, stream, { fromSeq: from, toSeq }, 1000, async (batch) => {
      abortable(signal);
      const opened = await opener.open(batch);
      for (const event of opened) noteSeq(partitionOfSource(event), event.source.seq);
      const outcome = inTransaction
        ? await applier.applyInTransaction(inTransaction, opened)
        : await applier.apply(opened);
      caughtUp += outcome.applied + outcome.quarantined.length;
    });
  };
  for (let round = 0; round < 20; round++) {
    const head = await nats.streamLastSeq();
    if (head - (await readCheckpoint(pool, fresh)) < 1000 && round > 0) break;
    await catchUp(head);
  }

  // 4. Swap.
  const swap = await pool.connect();
  let checkpoint = 0;
  try {
    await swap.query("begin");
    await swap.query("select pg_advisory_xact_lock(hashtext($1))", [swapLockName(live)]);
    const liveExists = await schemaExists(pool, live);
    // The live partitions' furthest checkpoint: the fresh schema applies every event up to it, and
    // each live partition's checkpoint moves there with its holder's fencing token.
    const liveCheckpoint = liveExists ? await readCheckpoint(swap, live, { partition: "furthest" }) : 0;
    await catchUp(liveCheckpoint, swap);
    checkpoint = await readCheckpoint(swap, fresh);
    if (since) await splitCheckpoint(swap, fresh, stream, since.record.afterSeq, partitionLastSeqs);
    if (liveExists) await adoptPartitionCheckpoints(swap, live, fresh, checkpoint);
    if (liveExists) await swap.query(`alter schema ${quoteIdent(live)} rename to ${quoteIdent(retired)}`);
    await swap.query(`alter schema ${quoteIdent(fresh)} rename to ${quoteIdent(live)}`);
    abortable(signal);
    await swap.query("commit");
  } catch (error) {
    await swap.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    swap.release();
  }
  await pool.query(`drop schema if exists ${quoteIdent(retired)} cascade`);
  const report: RebuildReport = {
    loadedEvents: loaded,
    caughtUpEvents: caughtUp,
    checkpoint,
    quarantined: quarantinedCount,
    loadSeconds,
    eventsPerSecond: Math.round(loaded / Math.max(loadSeconds, 0.001)),
    totalSeconds: (performance.now() - started) / 1000,
  };
  logger.info("rebuild: swapped in", { ...report });
  return report;
}
