import { randomBytes } from "node:crypto";
import { appendBacklog } from "../figures/event-backlog.js";
import { cloudpaEnv, prepareReadModel } from "../figures/systems.js";
import { benchDatabase } from "../infra/bench-database.js";
import type { BenchKeys } from "../infra/bench-keys.js";
import { benchNats } from "../infra/bench-nats.js";
import { waitForMessages } from "./catch-up.js";
import { startProjectorInstances, stopInstances } from "./projector-instances.js";
import { readModelProgress } from "./read-model-progress.js";
import type { ScaleSizes } from "./scale-sizes.js";
import { measureTakeover, type TakeoverResult } from "./takeover.js";

export interface ScaleRun {
  instances: number;
  events: number;
  /** Events/s from the first projected row to the last. */
  perSecond: number;
  /** Events/s counting the instances' start-up. */
  withStartPerSecond: number;
  /** Partitions with a checkpoint once caught up. */
  partitionsCheckpointed: number;
}

export interface ScaleResult {
  backlog: number;
  orgs: number;
  appendPerSecond: number;
  runs: ScaleRun[];
  takeover?: TakeoverResult;
  /** EVENTS stream bytes (file store, R1) per event of the backlog. */
  streamBytesPerEvent: number;
  /** `readmodel.message` with indexes, per row, after the last run. */
  readModelBytesPerMessage: number;
}

/**
 * One backlog of signed events over many organisations in a namespace of its own, projected
 * from scratch (a fresh read-model database each time) by 1, 2 and 4 projector processes in
 * turn; the run of `takeoverInstances` goes last and, once caught up, has one instance killed.
 */
export async function measureScale(
  keys: BenchKeys,
  sizes: ScaleSizes,
  log: (line: string) => void,
): Promise<ScaleResult> {
  const nats = await benchNats();
  try {
    const runId = randomBytes(4).toString("hex");
    log(`scale: appending a backlog of ${sizes.backlog} signed events over ${sizes.orgs} orgs`);
    const appendPerSecond = await appendBacklog(
      nats,
      keys.ingress,
      { from: 0, to: sizes.backlog, conversations: sizes.conversations, runId, orgs: sizes.orgs },
      "scale backlog",
    );
    const stream = await nats.jsm.streams.info(nats.names.eventsStream);
    const streamBytesPerEvent = stream.state.bytes / stream.state.messages;

    const order = [
      ...sizes.instanceCounts.filter((count) => count !== sizes.takeoverInstances),
      ...sizes.instanceCounts.filter((count) => count === sizes.takeoverInstances),
    ];
    const runs: ScaleRun[] = [];
    let takeover: TakeoverResult | undefined;
    let readModelBytesPerMessage = Number.NaN;
    for (const count of order) {
      const database = await benchDatabase();
      try {
        await prepareReadModel(database.url);
        const progress = await readModelProgress(database.url);
        log(`scale: ${count} projector instance(s) on the backlog`);
        const started = performance.now();
        const instances = await startProjectorInstances(cloudpaEnv(nats, database, keys), count);
        try {
          const { firstRowAt, doneAt } = await waitForMessages(progress, sizes.backlog, instances, {
            timeoutMs: sizes.catchUpTimeoutMs,
            pollMs: 100,
          });
          const checkpoints = await progress.checkpoints();
          runs.push({
            instances: count,
            events: sizes.backlog,
            perSecond: sizes.backlog / ((doneAt - firstRowAt) / 1000),
            withStartPerSecond: sizes.backlog / ((doneAt - started) / 1000),
            partitionsCheckpointed: checkpoints.filter((row) => row.partition >= 0).length,
          });
          log(`scale: ${count} instance(s): ${Math.round(runs.at(-1)?.perSecond ?? 0)} events/s`);
          readModelBytesPerMessage = await progress.bytesPerMessage();
          if (count === sizes.takeoverInstances) {
            takeover = await measureTakeover(nats, keys, progress, instances, sizes, runId, log);
          }
        } finally {
          await stopInstances(instances);
          await progress.close();
        }
      } finally {
        await database.drop();
      }
    }
    runs.sort((a, b) => a.instances - b.instances);
    return {
      backlog: sizes.backlog,
      orgs: sizes.orgs,
      appendPerSecond,
      runs,
      ...(takeover ? { takeover } : {}),
      streamBytesPerEvent,
      readModelBytesPerMessage,
    };
  } finally {
    await nats.cleanup();
  }
}
