import { waitFor } from "@cloudpa/testkit";
import { laggingPartitions, type MessagePartition, type PartitionLag } from "../store/partition-lag.js";
import type { SqlRunner } from "../store/sql-runner.js";

function lagInWords(lag: PartitionLag): string {
  const which = lag.partition === null ? "messages naming no partition" : `partition ${lag.partition}`;
  return `${which} at ${lag.checkpoint}, its last message ${lag.lastSeq} (${lag.behind} behind)`;
}

/**
 * Waits until the projector has applied or quarantined every given message (their sequences by
 * partition): each partition's checkpoint at or past that partition's last message
 * (`laggingPartitions`; one partition's reaching the stream's last sequence says nothing of the
 * others'). On timeout the error names each partition still behind, where it is and how far.
 */
export async function waitForPartitionsCaughtUp(
  db: SqlRunner,
  schema: string,
  byPartition: ReadonlyMap<MessagePartition, readonly number[]>,
  { timeoutMs, intervalMs = 100 }: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const lastSeq = Math.max(0, ...[...byPartition.values()].map((seqs) => seqs.at(-1) ?? 0));
  let lagging: PartitionLag[] = [];
  try {
    await waitFor(
      async () => {
        lagging = await laggingPartitions(db, schema, byPartition);
        return lagging.length === 0;
      },
      { timeoutMs, intervalMs, what: "every partition's checkpoint to reach its last message" },
    );
  } catch (error) {
    const where = lagging.length > 0 ? lagging.map(lagInWords).join("; ") : "no checkpoint could be read";
    throw new Error(
      `the projector did not catch up with the stream (last sequence ${lastSeq}) in ${timeoutMs} ms: ${where}`,
      { cause: error },
    );
  }
}
