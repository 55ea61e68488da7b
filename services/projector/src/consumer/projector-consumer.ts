import type { CloudpaNames } from "@cloudpa/contracts";
import { errorContext, type LogContext, type Logger, livePull, nextStoredMessage } from "@cloudpa/kit";
import { claimPartitionCheckpoint, readCheckpoint } from "@cloudpa/read-model/projection";
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import type { NatsConnection, Status } from "@nats-io/transport-node";
import type pg from "pg";
import { publishLiveNotices } from "../live/live-notices.js";
import type { ProjectorMetrics } from "../ops/projector-metrics.js";
import { NextEventProbe } from "../stream/next-event-probe.js";
import { backoffMs, sleep } from "./backoff.js";
import { type BatchApplier, type BatchOutcome, LeaseLostError, SequenceGapError } from "./batch-applier.js";
import { BatchSpans } from "./batch-spans.js";
import { DeliveryOrder } from "./delivery-order.js";
import type { EnvelopeWorkers } from "./envelope-workers.js";
import { type OpenedEvent, streamEventOf } from "./stream-event.js";

/** A batch taken from the buffer, with its envelopes being checked. */
interface PendingBatch {
  batch: JsMsg[];
  opened: Promise<OpenedEvent[]>;
  /** The stream sequence of the event taken just before the batch on this binding, if any. */
  previousSeq: number | undefined;
}

export const PROJECTOR_DURABLE = "projector-inbox";

export interface ProjectorConsumerOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: CloudpaNames;
  pool: pg.Pool;
  schema: string;
  applier: BatchApplier;
  /** Opens envelopes (on worker threads for big batches). */
  opener: EnvelopeWorkers;
  batchSize: number;
  metrics: ProjectorMetrics;
  logger: Logger;
  /** Durable consumer name (default PROJECTOR_DURABLE); two projectors of one stream need two. */
  durable?: string;
  /**
   * One partition of the stream, under this process's lease (docs/decisions/020): the consumer
   * reads only the partition's subjects, takes the partition's checkpoint with the lease's fencing token at
   * each bind, and binds only while the lease is held. The applier must be fenced with the same
   * partition and token. Absent: the whole stream.
   */
  partition?: PartitionLease;
  /**
   * Where the JetStream steps of binding (delete, add) wait their turn: the partition consumers of
   * one instance pass one gate that admits one bind at a time (docs/decisions/042).
   */
  bindGate: BindGate;
  /** The request's answer, or a failure as soon as `nc` drops before it came (`ServiceNats.whileConnected`). */
  whileConnected<T>(request: Promise<T>): Promise<T>;
}

/** Runs the JetStream steps of one bind when its turn comes (p-limit's limiter fits). */
export type BindGate = <T>(work: () => Promise<T>) => Promise<T>;

/** A partition held by this process, as its consumer needs it. */
export interface PartitionLease {
  index: number;
  /** The lease's fencing token: its revision in the leases bucket when it was claimed. */
  leaseEpoch: number;
  /** Whether the lease is still held (a consumer of a lost one must not bind again). */
  held(): boolean;
  /** Told when the checkpoint shows a newer holder: the consumer has stopped applying. */
  lost(reason: string): void;
}

/** The steps of binding the consumer: each awaits Postgres or JetStream. */
type BindStep = "checkpoint" | "delete" | "add" | "consume";

/**
 * The most one step of binding may take. Above the JetStream requests' own timeout (5 s), so it
 * only ends an await that would never end on its own.
 */
export const BIND_STEP_MS = 10_000;

/** A step of binding that neither answered nor failed within BIND_STEP_MS. */
export class BindStepTimeoutError extends Error {
  override name = "BindStepTimeoutError";
  readonly code = "PROJECTOR.BIND_STEP_TIMEOUT";
  constructor(readonly step: BindStep) {
    super(`binding step "${step}" did not settle within ${BIND_STEP_MS} ms`);
  }
}

/**
 * How long a bound consumer may deliver nothing while nothing waits to be applied before the stream
 * is asked whether it holds an event for it. In the 3-node tier a consumer led by a node back from a
 * restart or a pause answered the pull with heartbeats, counted nothing pending and delivered
 * nothing, while the stream (its leader) held the partition's next events: no status of the library
 * (missed heartbeats, deletion) ever came, so the partition stood still for good.
 */
export const STALL_CHECK_MS = 15_000;

/**
 * The most batches of events a consumer holds unacked (JetStream's max_ack_pending), pulled two
 * batches at a time: the one being applied, the one opened ahead, and what arrives meanwhile.
 * Catching up with a backlog the buffer fills up to it, so it sizes the process's memory: 4 held
 * the bench's live rate with 48 MB less at the peak than the 30 batches of before (docs/decisions/032).
 */
export const BATCHES_IN_FLIGHT = 4;

/** The durable consumer of a partition. */
export function partitionDurable(partition: number): string {
  return `${PROJECTOR_DURABLE}-p${partition}`;
}

/**
 * The live projector: a durable pull consumer on EVENTS (explicit acks). Messages are pulled
 * into a buffer, at most `batchSize × BATCHES_IN_FLIGHT` unacked, so the next batches are in
 * memory while one commits; batches are applied strictly one after another, in stream order.
 */
export class ProjectorConsumer {
  private messages: ConsumerMessages | undefined;
  private readonly buffer: JsMsg[] = [];
  /** The batch after the one being applied, its envelopes being checked meanwhile. */
  private ahead: PendingBatch | undefined;
  private wake: (() => void) | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private pump: Promise<void> | undefined;
  private binding: Promise<void> | undefined;
  private watching: Promise<void> | undefined;
  /**
   * The connection's status listener: stopped with the consumer, or it stays registered on the
   * shared connection until its next status event (one per stopped consumer).
   */
  private statuses: { stop?(): void } | undefined;
  /** The first batch after binding may start past checkpoint + 1 (deleted messages). */
  private allowGap = true;
  /** Why the consumer must be bound again at the checkpoint before the next batch, if it must. */
  private rebindReason: string | undefined;
  /** The stream sequence of the last event taken into a batch on this binding. */
  private lastTaken: number | undefined;
  /** The furthest stream sequence received on this binding (its checkpoint before the first). */
  private lastReceived = 0;
  /** When this binding last received a message (or was bound). */
  private lastDeliveryAt = 0;
  /** Asks the stream, while the consumer is idle, whether it holds an event the consumer withholds. */
  private stallWatch: NodeJS.Timeout | undefined;
  private checkingStall = false;
  /** The stream sequence a check found stored yet undelivered, to be found so again by the next one. */
  private withheld: number | undefined;
  /** What the idle check asks the stream, made once (it remembers what it has read). */
  private nextEventProbe: NextEventProbe | undefined;

  constructor(private readonly options: ProjectorConsumerOptions) {}

  get bound(): boolean {
    return this.messages !== undefined && !this.stopping && !this.options.nc.isClosed();
  }

  /**
   * The checkpoint in Postgres is the truth of what was applied: the durable consumer is
   * (re)created to deliver from checkpoint + 1, so after a crash nothing unacked is delivered
   * behind newer events (which would let the checkpoint pass it by).
   */
  start(): Promise<void> {
    this.watching ??= this.watchConnection();
    this.binding ??= this.bindWithRetry();
    return this.binding;
  }

  /**
   * What was on the wire when the connection dropped is lost, yet JetStream holds it as delivered
   * until the ack wait (30 s) ends: with nothing delivered after it, no gap shows the loss. So after
   * every reconnect the consumer is bound again at the checkpoint.
   */
  private async watchConnection(): Promise<void> {
    // Typed as a plain AsyncIterable; it is the library's QueuedIterator, whose stop() removes the
    // listener from the connection (a `break` only would wait for the next status to do it).
    const statuses = this.options.nc.status() as AsyncIterable<Status> & { stop?(): void };
    this.statuses = statuses;
    // Stopped before it began: nothing would stop the listener later.
    if (this.stopping) statuses.stop?.();
    for await (const status of statuses) {
      if (this.stopping) return;
      if (status.type === "reconnect") this.rebindSoon("NATS connection re-established", { server: status.server });
    }
  }

  /** Asks the apply loop to bind the consumer again at the checkpoint before its next batch. */
  private rebindSoon(reason: string, context: LogContext): void {
    if (this.stopping || this.rebindReason !== undefined) return;
    this.rebindReason = reason;
    this.options.logger.warn(`${reason}; rebinding the consumer at the checkpoint`, context);
    this.wake?.();
  }

  private async bindWithRetry(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        await this.bind();
        return;
      } catch (error) {
        this.options.logger.warn("could not bind the consumer; retrying", {
          ...errorContext(error),
          step: this.bindStep,
          attempt,
        });
        await sleep(backoffMs(attempt));
      }
    }
  }

  /** The step of binding under way (for the log of a failed attempt). */
  private bindStep: BindStep | undefined;

  /**
   * One step of binding, given BIND_STEP_MS at most: the JetStream requests time out on their own
   * (well within it), but an await that never settles (a reply lost to a frozen server, a pool
   * connection that never comes) must fail the attempt, so that it is logged and tried again
   * rather than leaving the partition unbound for good.
   */
  private async step<T>(step: BindStep, work: () => Promise<T>): Promise<T> {
    this.bindStep = step;
    let timer: NodeJS.Timeout | undefined;
    // A JetStream step fails at once when the connection drops: its answer is lost, and waiting for
    // the request's timeout (5 s) held every other bind of the instance behind it (decision 042).
    // The checkpoint is Postgres's.
    const pending = step === "checkpoint" ? work() : this.options.whileConnected(work());
    try {
      return await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new BindStepTimeoutError(step)), BIND_STEP_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      // Settled late or never: nothing waits for it any more.
      pending.catch(() => undefined);
    }
  }

  private async bind(): Promise<void> {
    const { jsm, js, names, pool, schema, batchSize, logger, partition } = this.options;
    const durable = this.options.durable ?? (partition ? partitionDurable(partition.index) : PROJECTOR_DURABLE);
    if (partition && !partition.held()) return this.leaseLost("the lease is no longer held");
    this.bindStep = "checkpoint";
    const checkpoint = await this.waitForCheckpoint(pool, schema);
    if (this.stopping) return;
    const info = await this.options.bindGate(async () => {
      // Its turn may come after a stop or the lease's loss: then it binds nothing.
      if (this.stopping || (partition && !partition.held())) return undefined;
      // Only "not found" is ignored: a delete that failed (a timeout while the cluster elects a leader)
      // would let the add below return the old consumer, which the late delete then removes under us.
      await this.step("delete", () =>
        jsm.consumers.delete(names.eventsStream, durable).catch((error: unknown) => {
          if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound)) throw error;
          return true;
        }),
      );
      return this.step("add", () =>
        jsm.consumers.add(names.eventsStream, {
          durable_name: durable,
          // An ack an event, not one a batch (AckPolicy.All): decision 039.
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: checkpoint + 1,
          ...(partition ? { filter_subject: names.partitionEventsFilter(partition.index) } : {}),
          max_ack_pending: batchSize * BATCHES_IN_FLIGHT,
          ack_wait: 30_000_000_000,
        }),
      );
    });
    if (!info) return this.stopping ? undefined : this.leaseLost("the lease is no longer held");
    // The add's answer is the consumer's info: asking for it again costs the server a second count
    // of the partition's pending events (decision 042).
    const consumer = js.consumers.getConsumerFromInfo(info);
    const messages = await this.step("consume", () => consumer.consume(livePull((batchSize * BATCHES_IN_FLIGHT) / 2)));
    this.messages = messages;
    this.allowGap = true;
    this.lastTaken = undefined;
    this.lastReceived = checkpoint;
    this.lastDeliveryAt = Date.now();
    this.withheld = undefined;
    this.stallWatch ??= setInterval(() => void this.checkStall(durable), STALL_CHECK_MS / 3);
    this.stallWatch.unref?.();
    logger.info("projector consuming", {
      stream: names.eventsStream,
      ...(partition ? { partition: partition.index, leaseEpoch: partition.leaseEpoch } : {}),
      fromSeq: checkpoint + 1,
      batchSize,
    });
    void this.watchConsumer(messages);
    this.pump = this.pumpMessages(messages, checkpoint);
    this.loop ??= this.applyLoop();
  }

  /**
   * A consumer deleted under the binding (a delete applied late in a cluster, a node that lost it)
   * never delivers again: the library only stalls and asks for it until the process ends. So its
   * loss asks for a rebind, as long as this binding is the current one.
   */
  private async watchConsumer(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (this.messages !== messages) return;
      if (status.type === "consumer_deleted" || status.type === "consumer_not_found") {
        this.rebindSoon("the consumer is gone", { status: status.type });
      } else if (status.type === "heartbeats_missed") {
        // A pull lost with its consumer's leader (a cluster node restarted): the library asks again.
        this.options.logger.warn("consumer heartbeats missed; pulling again", { count: status.count });
      }
    }
  }

  /**
   * A binding that received nothing for STALL_CHECK_MS while the apply loop waits for events: if the
   * stream holds an event of the consumer's subjects after the last one received, and still holds it
   * undelivered at the next check (STALL_CHECK_MS / 3 later, nothing received meanwhile), the consumer
   * withholds it (its leader's state is wrong, or its pull is gone), so it is bound again at the
   * checkpoint. Asked of the stream, not of the consumer, whose own count said 0 pending, and only
   * about what it stored since the last question (`NextEventProbe`). An idle partition (nothing
   * stored after it) is left alone.
   */
  private async checkStall(durable: string): Promise<void> {
    const messages = this.messages;
    if (!messages || this.stopping || this.rebindReason !== undefined || this.checkingStall) return;
    const idle = this.wake !== undefined && this.buffer.length === 0 && this.ahead === undefined;
    const lastDeliveryAt = this.lastDeliveryAt;
    if (!idle || Date.now() - lastDeliveryAt < STALL_CHECK_MS) return;
    const { jsm, names, partition, logger } = this.options;
    this.checkingStall = true;
    try {
      const filter = partition ? names.partitionEventsFilter(partition.index) : names.eventsSubjects;
      this.nextEventProbe ??= new NextEventProbe(jsm, names.eventsStream, filter);
      const next = await this.nextEventProbe.nextAfter(this.lastReceived);
      // A delivery or a rebind meanwhile: not stalled (or no longer this binding).
      if (this.messages !== messages || this.lastDeliveryAt !== lastDeliveryAt) return;
      const seen = this.withheld;
      this.withheld = next ?? undefined;
      if (next === null || next !== seen) return;
      const info = await jsm.consumers.info(names.eventsStream, durable).catch(() => undefined);
      if (this.messages !== messages || this.lastDeliveryAt !== lastDeliveryAt) return;
      this.rebindSoon("the consumer withholds an event the stream holds for it", {
        ...(partition ? { partition: partition.index } : {}),
        idleMs: Date.now() - lastDeliveryAt,
        lastReceived: this.lastReceived,
        withheldSeq: next,
        ...(info
          ? {
              numPending: info.num_pending,
              numAckPending: info.num_ack_pending,
              numWaiting: info.num_waiting,
              deliveredSeq: info.delivered.stream_seq,
              deliveredCount: info.delivered.consumer_seq,
              ackFloorSeq: info.ack_floor.stream_seq,
              leader: info.cluster?.leader,
            }
          : {}),
      });
    } catch (error) {
      logger.warn("could not ask the stream about an idle consumer", errorContext(error));
    } finally {
      this.checkingStall = false;
    }
  }

  /** Drops what is buffered and binds again from checkpoint + 1. */
  private async rebind(): Promise<void> {
    const messages = this.messages;
    this.messages = undefined;
    await messages?.close().catch(() => undefined);
    await this.pump;
    this.buffer.splice(0);
    this.ahead = undefined;
    this.rebindReason = undefined;
    this.binding = undefined;
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.stallWatch);
    this.statuses?.stop?.();
    this.wake?.();
    await this.binding;
    this.wake?.();
    await this.loop;
    await this.messages?.close().catch(() => undefined);
    await this.pump;
  }

  /** Stops applying for good: a newer holder has the partition. */
  private leaseLost(reason: string): void {
    const { partition, logger } = this.options;
    if (this.stopping || !partition) return;
    this.stopping = true;
    clearInterval(this.stallWatch);
    this.statuses?.stop?.();
    // Nobody calls stop() on a consumer whose lease was taken: its pull ends here. (The pump reads
    // the messages, so the close completes: an iterator nobody reads never closes.)
    void this.messages?.close().catch(() => undefined);
    logger.warn("partition lease lost; its consumer stops", { partition: partition.index, reason });
    this.wake?.();
    partition.lost(reason);
  }

  /**
   * The checkpoint to bind after. A partition's is claimed with the lease's fencing token, so from
   * here on no batch of an older holder commits (and a newer holder's token stops this one).
   */
  private async waitForCheckpoint(pool: pg.Pool, schema: string): Promise<number> {
    const { partition, names } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        if (!partition) return await this.step("checkpoint", () => readCheckpoint(pool, schema));
        const claimed = await this.step("checkpoint", () =>
          claimPartitionCheckpoint(pool, schema, names.eventsStream, partition.index, partition.leaseEpoch),
        );
        if (claimed.leaseEpoch !== partition.leaseEpoch) {
          this.leaseLost(`the checkpoint holds a newer fencing token (${claimed.leaseEpoch})`);
        }
        return claimed.lastSeq;
      } catch (error) {
        if (this.stopping) return 0;
        const missing = (error as { code?: string }).code === "42P01" || (error as { code?: string }).code === "3F000";
        this.options.logger.warn(
          missing
            ? "read model not migrated: run `npm run cloudpa -- migrate` (node services/projector/dist/cli.js migrate)"
            : "postgres not reachable; waiting to read the checkpoint",
          {
            ...errorContext(error),
            attempt,
            // A claim that never answers may be waiting for a pool connection nobody gives back.
            poolTotal: pool.totalCount,
            poolIdle: pool.idleCount,
            poolWaiting: pool.waitingCount,
          },
        );
        await sleep(backoffMs(attempt));
      }
    }
  }

  /**
   * Buffers what the consumer delivers, in order. After a delivery lost on the wire nothing more is
   * buffered and the consumer is bound again at the checkpoint: otherwise a batch would hold the
   * events on both sides of the loss and carry the checkpoint past the lost ones.
   */
  private async pumpMessages(messages: ConsumerMessages, checkpoint: number) {
    const order = new DeliveryOrder(checkpoint);
    try {
      for await (const msg of messages) {
        if (this.messages === messages) {
          this.lastReceived = Math.max(this.lastReceived, msg.seq);
          this.lastDeliveryAt = Date.now();
          this.withheld = undefined;
        }
        const delivery = order.classify(msg.info.deliverySequence, msg.seq);
        if (delivery === "lost") {
          this.rebindSoon("a delivery was lost on the wire", { delivery: msg.info.deliverySequence, seq: msg.seq });
          return;
        }
        // The checkpoint, not the ack, records what was applied (every binding starts from it), so
        // acking a copy of an event loses nothing.
        if (delivery === "copy") msg.ack();
        else {
          this.buffer.push(msg);
          this.wake?.();
        }
      }
    } catch (error) {
      if (this.messages === messages) this.rebindSoon("the consumer's deliveries failed", errorContext(error));
      return;
    }
    // Ended by the library, not by a rebind (which unsets `messages` first) or a stop: nothing more comes.
    if (this.messages === messages) this.rebindSoon("the consumer's deliveries ended", {});
  }

  private async nextBatch(): Promise<JsMsg[]> {
    while (this.buffer.length === 0 && !this.stopping && this.rebindReason === undefined) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    return this.buffer.splice(0, this.options.batchSize);
  }

  /** Starts checking a batch's envelopes (on the workers), so it overlaps the previous batch's commit. */
  private opening(batch: JsMsg[]): PendingBatch {
    // Batches are opened in delivery order: the next one follows this one's last event.
    const previousSeq = this.lastTaken;
    this.lastTaken = batch.at(-1)?.seq ?? previousSeq;
    const opened = this.options.opener.open(batch.map(streamEventOf));
    opened.catch(() => undefined);
    return { batch, opened, previousSeq };
  }

  /** The next batch: the one opened ahead if any, else the next one to arrive. */
  private async takeBatch(): Promise<PendingBatch | undefined> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead) return ahead;
    const batch = await this.nextBatch();
    return batch.length === 0 ? undefined : this.opening(batch);
  }

  private async applyLoop() {
    while (!this.stopping) {
      if (this.rebindReason !== undefined) {
        await this.rebind();
        continue;
      }
      const pending = await this.takeBatch();
      if (!pending) continue;
      const { batch } = pending;
      // While this batch is applied, the next one's envelopes are checked: on the worker threads
      // from now; without workers (2 cores, decision 031) by this thread once this batch's rows are
      // sent, while Postgres writes them, instead of before this batch's reads, when neither the
      // thread nor Postgres overlapped (bench/results/2026-12-04-projector-rebuild-profile-head.txt).
      // The batch's commit time (metric, span) then includes what of that opening outlasts the write.
      const openAhead = () => {
        if (this.ahead === undefined && this.buffer.length > 0)
          this.ahead = this.opening(this.buffer.splice(0, this.options.batchSize));
      };
      if (this.options.opener.size > 0) openAhead();
      const spans = BatchSpans.start(await pending.opened);
      const outcome = await spans.inBatch(() => this.applyWithRetry(pending, openAhead));
      spans.end(outcome);
      if (outcome === "gap") {
        await this.rebind();
        continue;
      }
      if (!outcome) {
        // Stopping while Postgres is away: hand the batch back for immediate redelivery.
        for (const msg of [...batch, ...this.takeAhead(), ...this.buffer.splice(0)]) msg.nak();
        return;
      }
      this.settle(batch, outcome, spans);
    }
    for (const msg of [...this.takeAhead(), ...this.buffer.splice(0)]) msg.nak();
  }

  private takeAhead(): JsMsg[] {
    const batch = this.ahead?.batch ?? [];
    this.ahead = undefined;
    return batch;
  }

  /** Applies a batch, retrying with backoff for as long as Postgres cannot take it; never skips it. */
  private async applyWithRetry(
    { batch, opened: opening, previousSeq }: PendingBatch,
    whileWriting: () => void,
  ): Promise<BatchOutcome | "gap" | undefined> {
    const { applier, metrics, logger } = this.options;
    const opened = await opening;
    for (let attempt = 0; !this.stopping; attempt++) {
      const stopTimer = metrics.commitSeconds.startTimer();
      try {
        const outcome = await applier.apply(opened, { allowGap: this.allowGap, previousSeq, whileWriting });
        stopTimer();
        this.allowGap = false;
        return outcome;
      } catch (error) {
        if (error instanceof LeaseLostError) {
          this.leaseLost(error.message);
          return undefined;
        }
        if (error instanceof SequenceGapError) {
          if (await this.gapWasErased(error)) {
            // Deleted on purpose (an erasure, docs/decisions/010): nothing is on its way, nothing was lost.
            logger.info("sequence gap of deleted messages; applying past it", {
              checkpoint: error.checkpoint,
              firstSeq: error.firstSeq,
            });
            this.allowGap = true;
            continue;
          }
          logger.warn("sequence gap; rebinding the consumer at the checkpoint", {
            checkpoint: error.checkpoint,
            firstSeq: error.firstSeq,
          });
          return "gap";
        }
        metrics.retries.inc();
        logger.warn("batch not applied; retrying", {
          ...errorContext(error),
          firstSeq: batch[0]?.seq,
          lastSeq: batch.at(-1)?.seq,
          attempt,
        });
        // Keep JetStream from redelivering what this process still holds.
        for (const msg of [...batch, ...(this.ahead?.batch ?? []), ...this.buffer]) msg.working();
        await sleep(backoffMs(attempt));
      }
    }
    return undefined;
  }

  /**
   * Whether the stream holds nothing between the checkpoint and the batch: its messages there were
   * deleted (an erasure), not lost on the wire. Asked of the stream itself, so a loss is never taken
   * for a deletion; when the stream cannot be asked, the gap is treated as a loss (a rebind).
   */
  private async gapWasErased(gap: SequenceGapError): Promise<boolean> {
    const { jsm, names, logger, partition } = this.options;
    try {
      const filter = partition ? names.partitionEventsFilter(partition.index) : names.eventsSubjects;
      const next = await nextStoredMessage(jsm, names.eventsStream, gap.checkpoint + 1, filter);
      return next?.seq === gap.firstSeq;
    } catch (error) {
      logger.warn("could not ask the stream about a sequence gap", errorContext(error));
      return false;
    }
  }

  private settle(batch: JsMsg[], outcome: BatchOutcome, spans: BatchSpans) {
    const { nc, names, metrics, logger } = this.options;
    // A quarantined event is termed with no reason text: NATS 2.9 ignores a `+TERM` that carries
    // one, and the event was delivered again after the ack wait (decision 039). The reason is in
    // the log and in readmodel.quarantine.
    const quarantined = new Set(outcome.quarantined.map((entry) => entry.seq));
    for (const msg of batch) {
      if (quarantined.has(msg.seq)) msg.term();
      else msg.ack();
    }
    for (const entry of outcome.quarantined) {
      metrics.quarantined.inc({ reason: entry.reasonCode });
      logger.warn("event quarantined", { seq: entry.seq, subject: entry.subject, reasonCode: entry.reasonCode });
    }
    metrics.applied.inc(outcome.applied);
    metrics.skipped.inc(outcome.skipped);
    metrics.batchSize.observe(batch.length);
    metrics.checkpoint.set(
      { partition: this.options.partition ? String(this.options.partition.index) : "all" },
      outcome.checkpoint,
    );
    publishLiveNotices(nc, names, outcome, (orgId) => spans.noticeContextOf(orgId));
  }
}
