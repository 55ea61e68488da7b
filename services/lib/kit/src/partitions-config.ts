import {
  type CloudpaStreamNames,
  EVENT_PARTITIONS_KEY,
  PARTITIONED_SINCE_KEY,
  type PartitionedSince,
  parseEventPartitions,
  partitionedSinceSchema,
} from "@cloudpa/contracts";
import type { KV } from "@nats-io/kv";
import { MissingPartitionsError } from "./check-streams.js";

/** The set-up's partition count was recorded already with another value: the count is fixed at set-up. */
export class PartitionCountChangedError extends Error {
  override name = "PartitionCountChangedError";
  readonly code = "PARTITIONS.COUNT_FIXED";
  constructor(
    readonly recorded: number,
    readonly asked: number,
  ) {
    super(
      `EVENT_PARTITIONS=${asked}, but this installation was set up with ${recorded} partitions, which its stored ` +
        `subjects carry; the count is fixed at set-up (docs/decisions/019): set EVENT_PARTITIONS=${recorded}`,
    );
  }
}

/** The partition count the set-up recorded; MissingPartitionsError when there is none. */
export async function readEventPartitions(config: KV, names: CloudpaStreamNames): Promise<number> {
  const entry = await config.get(EVENT_PARTITIONS_KEY);
  if (entry?.operation !== "PUT") throw new MissingPartitionsError(names.namespace, names.configBucket);
  return parseEventPartitions(entry.string());
}

/**
 * From which stream sequence the projection is partitioned, or null while a stream from before
 * partitions has not been migrated (`cloudpa partitions migrate`): then the projector keeps its
 * single legacy checkpoint. Its revision, for a watcher or a compare-and-set.
 */
export async function readPartitionedSince(config: KV): Promise<{ record: PartitionedSince; revision: number } | null> {
  const entry = await config.get(PARTITIONED_SINCE_KEY);
  if (entry?.operation !== "PUT") return null;
  return { record: partitionedSinceSchema.parse(entry.json()), revision: entry.revision };
}

/**
 * Writes the partitioned-since record once: a second writer (two migrations at once) fails on
 * the revision check instead of overwriting.
 */
export async function writePartitionedSince(config: KV, record: PartitionedSince): Promise<number> {
  return config.create(PARTITIONED_SINCE_KEY, JSON.stringify(partitionedSinceSchema.parse(record)));
}

/**
 * The set-up's record (idempotent): the partition count, written once and never changed
 * (PartitionCountChangedError on another one), and, when the events stream is still empty,
 * that the projection is partitioned from its start. A stream that already holds events gets
 * only the count: its projector keeps the legacy checkpoint until `cloudpa partitions migrate`.
 */
export async function recordPartitions(
  config: KV,
  partitions: number,
  events: { lastSeq: number },
  now: Date = new Date(),
): Promise<void> {
  const recorded = await config.get(EVENT_PARTITIONS_KEY);
  if (recorded && recorded.operation === "PUT") {
    const count = parseEventPartitions(recorded.string());
    if (count !== partitions) throw new PartitionCountChangedError(count, partitions);
  } else {
    if (events.lastSeq === 0 && (await readPartitionedSince(config)) === null) {
      await writePartitionedSince(config, { partitions, afterSeq: 0, at: now.toISOString(), by: "set-up" });
    }
    await config.create(EVENT_PARTITIONS_KEY, String(partitions));
  }
}
