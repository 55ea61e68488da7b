import type { CloudpaNames } from "@cloudpa/contracts";
import { registerStreamMetrics } from "@cloudpa/kit";
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
  readonly checkpoint: Gauge;
  readonly lag: Gauge<"partition">;

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
      help: "Last stream sequence in the read model.",
      registers: [registry],
    });
    const checkpoint = this.checkpoint;
    // One consumer reads the whole stream today: partition "0". Split by org (deploy/README.md,
    // "Scaling each part"), each partition's consumer reports its own.
    this.lag = new Gauge({
      name: "projector_lag_events",
      help: "Stream last sequence minus the checkpoint, per partition of the stream (one today: 0).",
      labelNames: ["partition"],
      registers: [registry],
      async collect() {
        const last = await streamLastSeq().catch(() => undefined);
        if (last === undefined) return;
        const current = (await checkpoint.get()).values[0]?.value ?? 0;
        this.set({ partition: "0" }, Math.max(0, last - current));
      },
    });
  }
}
