import { type CloudpaNames, parseEventSubject } from "@cloudpa/contracts";
import { checkpointOf, readCheckpointStatement } from "./read-model-store.js";
import type { SqlRunner } from "./sql-runner.js";
import { runStatements } from "./sql-statement.js";

/**
 * The partition whose projector consumer reads a stored message (docs/decisions/019, 020): its
 * subject's `p<k>`, or for a subject from before partitions its org's (`names.partitionOf`; the
 * whole stream's checkpoint covers it until the migration, and the org's partition's after it).
 * Null for a subject that names neither (a hostile one): no partition's consumer can be named for it.
 */
export type MessagePartition = number | null;

/** A stored message's partition, from its subject (see `MessagePartition`). */
export function partitionOfSubject(names: CloudpaNames, subject: string): MessagePartition {
  const parts = parseEventSubject(subject);
  if (parts === null) return null;
  return parts.partition ?? names.partitionOf(parts.orgId);
}

/**
 * Stored messages' sequences by partition (each message's as `partitionOfSubject` gives it), each
 * list in stream order; `null` gathers those whose subject names no partition.
 */
export function seqsByPartition(
  messages: Iterable<{ seq: number; partition: MessagePartition }>,
): Map<MessagePartition, number[]> {
  const byPartition = new Map<MessagePartition, number[]>();
  for (const { seq, partition } of messages) {
    const seqs = byPartition.get(partition) ?? [];
    seqs.push(seq);
    byPartition.set(partition, seqs);
  }
  for (const seqs of byPartition.values()) seqs.sort((a, b) => a - b);
  return byPartition;
}

/** A partition behind its last message: where its checkpoint is, and how many of its messages lie past it. */
export interface PartitionLag {
  /** Null: messages whose subject names no partition (see `MessagePartition`). */
  partition: MessagePartition;
  lastSeq: number;
  checkpoint: number;
  behind: number;
}

/**
 * The partitions whose checkpoint does not cover their last message (the messages' sequences by
 * partition, as `seqsByPartition` gives them). A partition's position is `readCheckpointStatement`'s
 * (its checkpoint, or the whole stream's from before partitions, whichever is greater), read for
 * every partition in one round trip. Messages whose subject names no partition are covered once any
 * checkpoint passes them (the only consumer that can read one is the one whose filter matches it).
 * One partition's reaching the stream's last sequence says nothing of the others'.
 */
export async function laggingPartitions(
  db: SqlRunner,
  schema: string,
  byPartition: ReadonlyMap<MessagePartition, readonly number[]>,
): Promise<PartitionLag[]> {
  const partitions = [...byPartition];
  const results = await runStatements(
    db,
    partitions.map(([partition]) =>
      readCheckpointStatement(schema, "literals", { partition: partition ?? "furthest" }),
    ),
  );
  return partitions.flatMap(([partition, seqs], index) => {
    const checkpoint = checkpointOf(results[index]);
    const lastSeq = seqs.at(-1) ?? 0;
    if (checkpoint >= lastSeq) return [];
    return [{ partition, lastSeq, checkpoint, behind: seqs.filter((seq) => seq > checkpoint).length }];
  });
}
