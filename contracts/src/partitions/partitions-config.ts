import { z } from "zod";
import { eventPartitionsSchema } from "./partition-of.js";

/**
 * The set-up's record of the partitions, in the KV bucket `<ns>-config` (docs/decisions/019).
 * Written only by the set-up step and by `cloudpa partitions migrate`; every service reads it at
 * start and fails when it is missing.
 */

/** Key of the partition count producers compute the subject token with: a decimal number, 1..256. */
export const EVENT_PARTITIONS_KEY = "event-partitions";

/**
 * Key of the point from which the projection is partitioned: every event after `afterSeq` is in
 * the partitioned format and is projected by the per-partition consumers, each from its own
 * checkpoint; every event up to it was projected by the single legacy checkpoint. A set-up of a
 * new (empty) stream writes it with `afterSeq` 0; on a stream that holds events from before
 * partitions it is absent until `cloudpa partitions migrate` writes it.
 */
export const PARTITIONED_SINCE_KEY = "partitioned-since";

export const partitionedSinceSchema = z.object({
  partitions: eventPartitionsSchema,
  afterSeq: z.number().int().nonnegative(),
  at: z.string(),
  /** `set-up` (a new stream) or `migrate` (an existing one moved over). */
  by: z.enum(["set-up", "migrate"]),
});
export type PartitionedSince = z.infer<typeof partitionedSinceSchema>;

/** Parses the stored count; throws with the value when it is not one. */
export function parseEventPartitions(stored: string): number {
  const parsed = eventPartitionsSchema.safeParse(stored.trim() === "" ? Number.NaN : stored);
  if (!parsed.success) throw new Error(`the recorded partition count is not one: ${JSON.stringify(stored)}`);
  return parsed.data;
}
