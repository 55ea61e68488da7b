import { appendBacklog } from "../figures/event-backlog.js";
import type { BenchKeys } from "../infra/bench-keys.js";
import type { BenchNats } from "../infra/bench-nats.js";
import type { ServiceProcess } from "../infra/service-process.js";
import { waitForMessages } from "./catch-up.js";
import type { ReadModelProgress } from "./read-model-progress.js";
import type { ScaleSizes } from "./scale-sizes.js";

export interface TakeoverResult {
  instances: number;
  /** Events appended at once, one per organisation, so every partition has new work. */
  probeEvents: number;
  /** From appending the probe to its last row, every instance alive (the same figure without a kill). */
  liveProbeMs: number;
  /** From the SIGKILL of one instance to the last row of a probe appended right after it. */
  takeoverMs: number;
  partitions: number;
  /** Partitions whose checkpoint a new lease holder wrote after the kill (the killed instance's). */
  partitionsTakenOver: number | undefined;
}

/**
 * With `instances` caught up on the backlog (every partition held, nothing pending): a probe of
 * one event per organisation, timed with every instance alive; then SIGKILL of the first
 * instance and a second probe at once, timed from the kill until all of it is in the read model.
 * The killed instance's partitions only move again once the survivors hold its leases, so the
 * second time is the takeover plus one probe's projection.
 */
export async function measureTakeover(
  nats: BenchNats,
  keys: BenchKeys,
  progress: ReadModelProgress,
  instances: ServiceProcess[],
  sizes: ScaleSizes,
  runId: string,
  log: (line: string) => void,
): Promise<TakeoverResult> {
  // Probes start at a multiple of the conversation count, so their orgs are 0 … orgs-1, each once.
  const firstProbe = Math.ceil(sizes.backlog / sizes.conversations) * sizes.conversations;
  let expected = await progress.messages();
  const probe = async (from: number) => {
    await appendBacklog(
      nats,
      keys.ingress,
      { from, to: from + sizes.orgs, conversations: sizes.conversations, runId, orgs: sizes.orgs },
      "probe events",
    );
  };

  log(`scale: probe of ${sizes.orgs} events (one per org), ${instances.length} instances alive`);
  let started = performance.now();
  await probe(firstProbe);
  expected += sizes.orgs;
  const live = await waitForMessages(progress, expected, instances, { timeoutMs: sizes.takeoverTimeoutMs, pollMs: 20 });
  const liveProbeMs = live.doneAt - started;

  const before = new Map((await progress.checkpoints()).map((row) => [row.partition, row.leaseEpoch]));
  const victim = instances[0];
  if (!victim) throw new Error("no instance to kill");
  log(`scale: SIGKILL of one of ${instances.length} instances, then a probe of ${sizes.orgs} events`);
  const exited = new Promise<void>((resolve) => victim.child.once("exit", () => resolve()));
  victim.child.kill("SIGKILL");
  started = performance.now();
  await exited;
  await probe(firstProbe + sizes.conversations);
  expected += sizes.orgs;
  const afterKill = await waitForMessages(progress, expected, instances, {
    timeoutMs: sizes.takeoverTimeoutMs,
    pollMs: 20,
    killed: victim,
  });
  const takeoverMs = afterKill.doneAt - started;

  const after = await progress.checkpoints();
  const partitioned = after.filter((row) => row.partition >= 0);
  const withEpochs = partitioned.filter((row) => row.leaseEpoch !== undefined);
  return {
    instances: instances.length,
    probeEvents: sizes.orgs,
    liveProbeMs,
    takeoverMs,
    partitions: partitioned.length,
    partitionsTakenOver:
      withEpochs.length === 0
        ? undefined
        : withEpochs.filter((row) => (row.leaseEpoch ?? 0) > (before.get(row.partition) ?? 0)).length,
  };
}
