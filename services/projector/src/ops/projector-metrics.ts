import type { CloudpaNames } from "@cloudpa/contracts";
import { answeredWithinProbe, PROBE_BUDGET_MS, registerStreamMetrics } from "@cloudpa/kit";
import type { JetStreamManager } from "@nats-io/jetstream";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** What an operator watches: throughput, batch sizes, commit latency, lag, quarantine and the streams' quorum. */
export class ProjectorMetrics {
  readonly applied: Counter;
  readonly skipped: Counter;
  readonly quarantined: Counter<"reason">;
  readonly batchSize: Histogram;
  readonly commitSeconds: Histogram;
  readonly retries: Counter;
  readonly checkpoint: Gauge<"partition">;
  readonly lag: Gauge<"partition">;
  readonly partitionsHeld: Gauge;
  readonly partitionsUnheld: Gauge;
  /** The lag of each partition this instance holds, once it shares partitions; undefined: the whole stream's. */
  private partitionLag: (() => Promise<Map<string, number>>) | undefined;

  constructor(
    registry: Registry,
    streamLastSeq: () => Promise<number | undefined>,
    streams: { jsm: JetStreamManager; names: CloudpaNames },
  ) {
    registerStreamMetrics(registry, streams.jsm, streams.names);
    this.applied = new Counter({
      name: "projector_events_applied_total",
      help: "Events projected into the read model.",
      registers: [registry],
    });
    this.skipped = new Counter({
      name: "projector_events_skipped_total",
      help: "Redelivered events at or below the checkpoint, skipped.",
      registers: [registry],
    });
    this.quarantined = new Counter({
      name: "projector_events_quarantined_total",
      help: "Events refused (bad envelope, rows that break an invariant), by reason code.",
      labelNames: ["reason"],
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: "projector_batch_size",
      help: "Events per committed batch.",
      buckets: [1, 5, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers: [registry],
    });
    this.commitSeconds = new Histogram({
      name: "projector_commit_duration_seconds",
      help: "Time from a batch's BEGIN to its COMMIT.",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.retries = new Counter({
      name: "projector_batch_retries_total",
      help: "Batches retried because Postgres could not take them (outage).",
      registers: [registry],
    });
    this.checkpoint = new Gauge({
      name: "projector_checkpoint_sequence",
      help: "Last stream sequence in the read model, per partition this instance holds (`all`: one consumer of the whole stream).",
      labelNames: ["partition"],
      registers: [registry],
    });
    this.partitionsHeld = new Gauge({
      name: "projector_partitions_held",
      help: "Partitions of the stream this instance holds a lease on (docs/decisions/020).",
      registers: [registry],
    });
    this.partitionsUnheld = new Gauge({
      name: "projector_partitions_unheld",
      help: "Partitions of the stream no live instance holds a lease on, as this instance last saw the leases bucket (docs/decisions/020); nothing projects them meanwhile.",
      registers: [registry],
    });
    const checkpoint = this.checkpoint;
    const partitionLag = () => this.partitionLag;
    this.lag = new Gauge({
      name: "projector_lag_events",
      help: `Events not yet applied, per partition this instance holds (\`all\`: the stream's last sequence minus the checkpoint of a consumer of the whole stream); absent from a scrape in which JetStream did not answer within ${PROBE_BUDGET_MS / 1000} s.`,
      labelNames: ["partition"],
      registers: [registry],
      async collect() {
        this.reset();
        const perPartition = partitionLag();
        if (perPartition) {
          for (const [partition, lag] of await perPartition()) this.set({ partition }, lag);
          return;
        }
        const last = await answeredWithinProbe(streamLastSeq());
        if (last === undefined) return;
        const current = (await checkpoint.get()).values.find((value) => value.labels.partition === "all")?.value ?? 0;
        this.set({ partition: "all" }, Math.max(0, last - current));
      },
    });
  }

  /**
   * Lag per held partition: what its durable consumer has not delivered or has not had acked
   * (the events of that partition not yet applied), asked of JetStream at each scrape, every
   * partition at once. A consumer that does not answer within the probe budget has no lag in it.
   */
  measurePartitions(
    holder: { heldPartitions(): number[] },
    streams: { jsm: JetStreamManager; names: CloudpaNames },
    durableOf: (partition: number) => string,
  ): void {
    this.partitionLag = async () => {
      const answers = await Promise.all(
        holder.heldPartitions().map(async (partition) => {
          const asking = streams.jsm.consumers.info(streams.names.eventsStream, durableOf(partition));
          return [partition, await answeredWithinProbe(asking)] as const;
        }),
      );
      const lags = new Map<string, number>();
      for (const [partition, info] of answers) {
        if (info) lags.set(String(partition), info.num_pending + info.num_ack_pending);
      }
      return lags;
    };
  }
}
