import { fnv1a32 } from "@cloudpa/contracts";
import { errorContext, type Logger } from "@cloudpa/kit";
import type { ProjectorMetrics } from "../../ops/projector-metrics.js";
import { sleep } from "../backoff.js";
import type { PartitionLease, ProjectorConsumer } from "../projector-consumer.js";
import { LEASE_RENEW_MS, LEASE_SELF_EXPIRY_MS, type PartitionLeases } from "./partition-leases.js";

/** How often an instance looks for partitions to take or give up. */
export const LEASE_SCAN_MS = 1_000;

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
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private running = false;

  constructor(private readonly options: PartitionSupervisorOptions) {}

  /** Ready: looking after its leases, and every held partition's consumer bound. */
  get bound(): boolean {
    return this.running && [...this.held.values()].every((held) => held.consumer.bound);
  }

  /** The partitions this instance holds now. */
  heldPartitions(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** The durable consumers of the partitions held now, by partition (for the lag gauge). */
  heldEntries(): { partition: number; epoch: number }[] {
    return [...this.held.values()].map(({ partition, epoch }) => ({ partition, epoch }));
  }

  start(): Promise<void> {
    this.loop ??= this.run();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    const { leases, logger } = this.options;
    const all = [...this.held.values()];
    await Promise.all(all.map((held) => this.giveUp(held)));
    await leases.withdraw().catch((error: unknown) => logger.warn("instance not withdrawn", errorContext(error)));
    logger.info("partitions given up on shutdown", { instance: leases.instance, partitions: all.length });
  }

  private async run(): Promise<void> {
    const { leases, logger } = this.options;
    let renewedAt = 0;
    logger.info("projector instance sharing partitions", {
      instance: leases.instance,
      partitions: this.options.partitions,
    });
    while (!this.stopping) {
      try {
        if (Date.now() - renewedAt >= LEASE_RENEW_MS) {
          await leases.announce();
          await this.renewAll();
          renewedAt = Date.now();
        }
        await this.balance();
        this.running = true;
      } catch (error) {
        logger.warn("leases not looked after; retrying", errorContext(error));
      }
      await this.quietlyDropExpired();
      this.options.metrics.partitionsHeld.set(this.held.size);
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void sleep(LEASE_SCAN_MS).then(resolve);
      });
      this.wake = undefined;
    }
  }

  /** Renews every held lease; one found taken or expired stops its consumer (someone else may hold it now). */
  private async renewAll(): Promise<void> {
    const { leases, logger } = this.options;
    await Promise.all(
      [...this.held.values()].map(async (held) => {
        const revision = await leases.renew(held.partition, held.revision);
        if (revision === undefined) {
          logger.warn("partition lease lost (expired or taken); stopping its consumer", {
            partition: held.partition,
            epoch: held.epoch,
          });
          await this.forget(held);
          return;
        }
        held.revision = revision;
        held.renewedAt = Date.now();
      }),
    );
  }

  /**
   * A lease not renewed for nearly its TTL (NATS away) is taken for lost before another instance
   * can claim it: its consumer stops. The fencing token keeps a late batch out in any case.
   */
  private async quietlyDropExpired(): Promise<void> {
    const now = Date.now();
    for (const held of [...this.held.values()]) {
      if (now - held.renewedAt < LEASE_SELF_EXPIRY_MS) continue;
      this.options.logger.warn("partition lease not renewed in time; stopping its consumer", {
        partition: held.partition,
        sinceMs: now - held.renewedAt,
      });
      await this.forget(held);
    }
  }

  /** Takes free partitions up to the fair share, or gives up the surplus. */
  private async balance(): Promise<void> {
    const { leases, partitions, logger } = this.options;
    const { instances, holders } = await leases.survey();
    const live = Math.max(1, new Set([...instances, leases.instance]).size);
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
      await Promise.all(surplus.map((held) => this.giveUp(held)));
      return;
    }
    // Each instance looks from its own place, so two starting together mostly claim different ones.
    const offset = fnv1a32(leases.instance) % partitions;
    for (let i = 0; i < partitions && this.held.size < share && !this.stopping; i++) {
      const partition = (offset + i) % partitions;
      if (holders.has(partition) || this.held.has(partition)) continue;
      const epoch = await leases.claim(partition);
      if (epoch === undefined) continue;
      this.hold(partition, epoch);
      logger.info("partition claimed", { partition, epoch, live, share });
    }
  }

  private hold(partition: number, epoch: number): void {
    const { consumerOf, logger } = this.options;
    const held: Held = { partition, epoch, revision: epoch, renewedAt: Date.now(), consumer: undefined as never };
    held.consumer = consumerOf({
      index: partition,
      leaseEpoch: epoch,
      held: () => this.held.get(partition) === held,
      lost: (reason) => {
        if (this.held.get(partition) !== held) return;
        this.held.delete(partition);
        this.options.metrics.checkpoint.remove({ partition: String(partition) });
        logger.warn("partition taken by a newer holder", { partition, epoch, reason });
      },
    });
    this.held.set(partition, held);
    void held.consumer.start();
  }

  /** Stops a partition's consumer (finishing the batch in hand), then gives its lease up. */
  private async giveUp(held: Held): Promise<void> {
    const { leases, logger } = this.options;
    await this.forget(held);
    await leases.release(held.partition, held.revision).catch((error: unknown) => {
      logger.warn("lease not given up; it expires", { partition: held.partition, ...errorContext(error) });
    });
  }

  /** Stops a partition's consumer and forgets the lease (without touching it in the bucket). */
  private async forget(held: Held): Promise<void> {
    if (this.held.get(held.partition) === held) this.held.delete(held.partition);
    await held.consumer.stop();
    if (!this.held.has(held.partition)) this.options.metrics.checkpoint.remove({ partition: String(held.partition) });
  }
}
