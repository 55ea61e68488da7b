import { fnv1a32 } from "@cloudpa/contracts";
import { errorContext, type Logger } from "@cloudpa/kit";
import type { ProjectorMetrics } from "../../ops/projector-metrics.js";
import { sleep } from "../backoff.js";
import type { PartitionLease, ProjectorConsumer } from "../projector-consumer.js";
import {
  LEASE_RENEW_MS,
  LEASE_SELF_EXPIRY_MS,
  LEASE_TTL_MS,
  type PartitionLeases,
  type Survey,
} from "./partition-leases.js";

/** How often an instance looks for partitions to take or give up. */
export const LEASE_SCAN_MS = 1_000;

/** How soon a renewal or a look that failed is tried again. */
const RETRY_AFTER_FAILURE_MS = 250;

/**
 * How long a partition may go unheld by any instance before the projection is degraded: a dead
 * holder's lease is stale after a TTL, and the next looks take it over.
 */
export const PARTITION_TAKEOVER_MS = LEASE_TTL_MS + 2 * LEASE_SCAN_MS;

/**
 * How long a partition being left waits for its consumer to stop before it can be claimed again.
 * A consumer whose stop hangs (a request to a frozen server) must not keep its partition from being
 * projected: the new holder's fencing token keeps the old consumer's late batch out.
 */
export const CONSUMER_STOP_MS = LEASE_TTL_MS;

export interface PartitionSupervisorOptions {
  leases: PartitionLeases;
  /** The installation's partition count (the set-up's record). */
  partitions: number;
  /** A consumer of one held partition (not started). */
  consumerOf(lease: PartitionLease): ProjectorConsumer;
  metrics: ProjectorMetrics;
  logger: Logger;
}

/** A partition this instance holds. */
interface Held {
  partition: number;
  /** The lease's fencing token: the revision that created it. */
  epoch: number;
  /** The lease key's revision now (each renewal moves it). */
  revision: number;
  /** When the lease was last written (claimed or renewed), by this process's clock. */
  renewedAt: number;
  consumer: ProjectorConsumer;
}

/**
 * Shares the stream's partitions between the live projector instances (docs/decisions/020): each
 * instance announces itself, renews its leases every 2 s, holds up to its fair share
 * (ceil(partitions / live instances)), claims free partitions (never held, given up, or expired
 * with a dead holder) up to it, and gives up its surplus when instances join. One
 * `ProjectorConsumer` runs per held partition. On shutdown every lease is given up, so the others
 * take the partitions over at their next look.
 */
export class PartitionSupervisor {
  private readonly held = new Map<number, Held>();
  /** Partitions being given up or dropped: their consumers stopping, their leases being released. */
  private readonly leaving = new Set<Promise<void>>();
  private stopping = false;
  /** Since when (this process's monotonic clock) each partition has been seen held by no instance. */
  private readonly unheldSince = new Map<number, number>();
  /** When the bucket was last surveyed (monotonic clock); undefined: never. */
  private surveyedAt: number | undefined;
  private loops: Promise<void>[] = [];
  private readonly wakes = new Set<() => void>();
  private running = false;

  constructor(private readonly options: PartitionSupervisorOptions) {}

  /** Ready: looking after its leases, and every held partition's consumer bound. */
  get bound(): boolean {
    return this.running && [...this.held.values()].every((held) => held.consumer.bound);
  }

  /**
   * Whether every partition is held by some instance, as this one last saw the bucket: false once
   * a partition stayed unheld past the takeover time, or the bucket could not be read for as long.
   */
  get partitionsCovered(): boolean {
    const now = performance.now();
    if (this.surveyedAt === undefined || now - this.surveyedAt > PARTITION_TAKEOVER_MS) return false;
    return [...this.unheldSince.values()].every((since) => now - since <= PARTITION_TAKEOVER_MS);
  }

  /** The partitions this instance holds now. */
  heldPartitions(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  start(): Promise<void> {
    if (this.loops.length === 0) {
      const { leases, partitions, logger } = this.options;
      logger.info("projector instance sharing partitions", { instance: leases.instance, partitions });
      // Renewing never waits for a claim or a give-up: a slow one must not let the leases expire.
      this.loops = [this.every(LEASE_RENEW_MS, () => this.renew()), this.every(LEASE_SCAN_MS, () => this.balance())];
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakes) wake();
    await Promise.all(this.loops);
    const { leases, logger } = this.options;
    const all = [...this.held.values()];
    for (const held of all) this.giveUp(held);
    await Promise.all(this.leaving);
    await leases.withdraw().catch((error: unknown) => logger.warn("instance not withdrawn", errorContext(error)));
    await leases.close();
    logger.info("partitions given up on shutdown", { instance: leases.instance, partitions: all.length });
  }

  /**
   * Runs `step` every `ms` until stopped; a failed step is logged and tried again after
   * RETRY_AFTER_FAILURE_MS, so that a renewal whose answer was lost in a blip is made again well
   * within the time a holder allows itself.
   */
  private async every(ms: number, step: () => Promise<void>): Promise<void> {
    while (!this.stopping) {
      let wait = ms;
      try {
        await step();
      } catch (error) {
        wait = Math.min(ms, RETRY_AFTER_FAILURE_MS);
        this.options.logger.warn("leases not looked after; retrying", errorContext(error));
      }
      if (this.stopping) break;
      let wake: () => void = () => undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        this.wakes.add(wake);
        void sleep(wait).then(resolve);
      });
      this.wakes.delete(wake);
    }
  }

  /** Announces this instance, renews every held lease, and drops those not renewed in time. */
  private async renew(): Promise<void> {
    const { leases, logger, metrics } = this.options;
    try {
      await leases.announce();
      await Promise.all(
        [...this.held.values()].map(async (held) => {
          const revision = await leases.renew(held.partition, held.revision);
          if (this.held.get(held.partition) !== held) return;
          if (revision === undefined) {
            logger.warn("partition lease lost (expired or taken); stopping its consumer", {
              partition: held.partition,
              epoch: held.epoch,
            });
            this.drop(held);
            return;
          }
          held.revision = revision;
          held.renewedAt = Date.now();
        }),
      );
    } finally {
      this.dropExpired();
      metrics.partitionsHeld.set(this.held.size);
    }
  }

  /**
   * A lease not renewed for nearly its TTL (NATS away) is taken for lost before another instance
   * can claim it: its consumer stops. The fencing token keeps a late batch out in any case.
   */
  private dropExpired(): void {
    const now = Date.now();
    for (const held of [...this.held.values()]) {
      if (now - held.renewedAt < LEASE_SELF_EXPIRY_MS) continue;
      this.options.logger.warn("partition lease not renewed in time; stopping its consumer", {
        partition: held.partition,
        sinceMs: now - held.renewedAt,
      });
      this.drop(held);
    }
  }

  /** Each key's revision as last seen, and since when (this process's monotonic clock) it has not moved. */
  private readonly seen = new Map<string, { revision: number; since: number }>();

  /**
   * Whether a key was written within the TTL, as this instance saw it: its revision moved in the
   * last TTL. Judged by this process's own clock only, so no clock skew between instances (or
   * with the server) and no wait for the server to expire the key: a holder that stopped renewing
   * is known to have stopped one TTL after this instance first saw its last revision.
   */
  private fresh(key: string, revision: number, now: number): boolean {
    const seen = this.seen.get(key);
    if (!seen || seen.revision !== revision) {
      this.seen.set(key, { revision, since: now });
      return true;
    }
    return now - seen.since < LEASE_TTL_MS;
  }

  /** The live instances and, per partition, whether it is free, stale (claimable at its revision) or held. */
  private assess(survey: Survey) {
    const now = performance.now();
    const { leases } = this.options;
    const live = new Set([leases.instance]);
    for (const [instance, revision] of survey.instances) {
      if (this.fresh(`instance.${instance}`, revision, now)) live.add(instance);
    }
    const stale = new Map<number, number>();
    const held = new Set<number>();
    for (const [partition, holder] of survey.holders) {
      const ours = holder.instance === leases.instance;
      if (ours && !this.held.has(partition)) {
        // A lease in this instance's name that it does not hold (dropped when its renewals failed, or
        // a claim whose answer was lost): taken back now, under a new fencing token, rather than
        // left unheld until the bucket expires it (decision 042).
        stale.set(partition, holder.revision);
      } else if (ours || this.fresh(`partition.${partition}`, holder.revision, now)) {
        held.add(partition);
      } else stale.set(partition, holder.revision);
    }
    // Keys gone from the bucket are forgotten (instances come and go for ever).
    const present = new Set([
      ...[...survey.instances.keys()].map((instance) => `instance.${instance}`),
      ...[...survey.holders.keys()].map((partition) => `partition.${partition}`),
    ]);
    for (const key of this.seen.keys()) if (!present.has(key)) this.seen.delete(key);
    return { live: live.size, stale, held };
  }

  /** Takes free or stale partitions up to the fair share, or gives up the surplus. */
  private async balance(): Promise<void> {
    const { leases, partitions, logger } = this.options;
    const own = new Map([...this.held.values()].map((held) => [held.partition, held.revision]));
    const { live, stale, held } = this.assess(await leases.survey(own));
    this.running = true;
    this.noteUnheld(held);
    const share = Math.ceil(partitions / live);
    if (this.held.size > share) {
      const surplus = [...this.held.values()]
        .sort((a, b) => b.partition - a.partition)
        .slice(0, this.held.size - share);
      logger.info("giving up partitions to other instances", {
        partitions: surplus.map((held) => held.partition).join(","),
        live,
        share,
      });
      for (const held of surplus) this.giveUp(held);
      return;
    }
    // Each instance looks from its own place, so two starting together mostly claim different ones;
    // partitions of a dead holder first.
    const offset = fnv1a32(leases.instance) % partitions;
    const order = Array.from({ length: partitions }, (_, i) => (offset + i) % partitions).sort(
      (a, b) => Number(stale.has(b)) - Number(stale.has(a)),
    );
    const wanted: number[] = [];
    for (const partition of order) {
      if (this.held.size + wanted.length >= share) break;
      if (held.has(partition) || this.held.has(partition) || this.isLeaving(partition)) continue;
      wanted.push(partition);
    }
    // Claimed all at once: a dead holder's partitions are taken over together.
    await Promise.all(
      wanted.map(async (partition) => {
        const staleRevision = stale.get(partition);
        const epoch =
          staleRevision === undefined ? await leases.claim(partition) : await leases.takeOver(partition, staleRevision);
        if (epoch === undefined) return;
        if (this.stopping) {
          await leases.release(partition, epoch);
          return;
        }
        this.hold(partition, epoch);
        logger.info(staleRevision === undefined ? "partition claimed" : "partition taken over from a silent holder", {
          partition,
          epoch,
          live,
          share,
        });
      }),
    );
    this.options.metrics.partitionsHeld.set(this.held.size);
  }

  /** Counts the partitions no live holder has (free or stale), and since when each has been so. */
  private noteUnheld(held: Set<number>): void {
    const now = performance.now();
    this.surveyedAt = now;
    for (let partition = 0; partition < this.options.partitions; partition++) {
      if (held.has(partition)) this.unheldSince.delete(partition);
      else if (!this.unheldSince.has(partition)) this.unheldSince.set(partition, now);
    }
    this.options.metrics.partitionsUnheld.set(this.unheldSince.size);
  }

  private readonly leavingPartitions = new Set<number>();

  private isLeaving(partition: number): boolean {
    return this.leavingPartitions.has(partition);
  }

  private hold(partition: number, epoch: number): void {
    const { consumerOf, logger, metrics } = this.options;
    const held: Held = { partition, epoch, revision: epoch, renewedAt: Date.now(), consumer: undefined as never };
    held.consumer = consumerOf({
      index: partition,
      leaseEpoch: epoch,
      held: () => this.held.get(partition) === held,
      lost: (reason) => {
        if (this.held.get(partition) !== held) return;
        this.held.delete(partition);
        metrics.checkpoint.remove({ partition: String(partition) });
        logger.warn("partition taken by a newer holder", { partition, epoch, reason });
      },
    });
    this.held.set(partition, held);
    void held.consumer.start();
  }

  /** Stops a partition's consumer (finishing the batch in hand), then gives its lease up; in the background. */
  private giveUp(held: Held): void {
    const { leases, logger } = this.options;
    this.leave(held, async () => {
      await leases.release(held.partition, held.revision).catch((error: unknown) => {
        logger.warn("lease not given up; it expires", { partition: held.partition, ...errorContext(error) });
      });
    });
  }

  /** Stops a partition's consumer without touching its lease (lost, or expired); in the background. */
  private drop(held: Held): void {
    this.leave(held, async () => undefined);
  }

  private leave(held: Held, then: () => Promise<void>): void {
    if (this.held.get(held.partition) !== held) return;
    this.held.delete(held.partition);
    this.leavingPartitions.add(held.partition);
    const leaving = (async () => {
      try {
        await this.stopInTime(held);
        this.options.metrics.checkpoint.remove({ partition: String(held.partition) });
        await then();
      } finally {
        this.leavingPartitions.delete(held.partition);
      }
    })();
    this.leaving.add(leaving);
    void leaving.finally(() => this.leaving.delete(leaving));
  }

  /**
   * Stops a partition's consumer, waiting at most CONSUMER_STOP_MS: a stop still hanging then goes
   * on in the background, logged, and the partition is free to be claimed again meanwhile.
   */
  private async stopInTime(held: Held): Promise<void> {
    const { logger } = this.options;
    const context = { partition: held.partition, epoch: held.epoch };
    let timer: NodeJS.Timeout | undefined;
    const stopped = held.consumer.stop().then(
      () => true,
      (error: unknown) => {
        logger.warn("partition's consumer failed to stop", { ...context, ...errorContext(error) });
        return true;
      },
    );
    const inTime = await Promise.race([
      stopped,
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), CONSUMER_STOP_MS);
      }),
    ]);
    clearTimeout(timer);
    if (inTime) return;
    logger.warn("partition's consumer did not stop in time; the partition can be claimed again", {
      ...context,
      waitedMs: CONSUMER_STOP_MS,
    });
    void stopped.then(() => logger.info("partition's late consumer stopped", context));
  }
}
