import { z } from "zod";

/** The partition count a set-up records when `EVENT_PARTITIONS` is not set (docs/decisions/019). */
export const DEFAULT_EVENT_PARTITIONS = 16;
/** The most partitions an installation may have: one subject token `p0`…`p255`. */
export const MAX_EVENT_PARTITIONS = 256;

/** A partition count, from the env (`EVENT_PARTITIONS`) or the set-up's record: 1..256. */
export const eventPartitionsSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_EVENT_PARTITIONS, `at most ${MAX_EVENT_PARTITIONS} partitions`);

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * The partition of an organisation's events: FNV-1a 32 of the orgId's UTF-8 bytes, modulo the
 * partition count, in [0, partitions). Stable for ever (it is in every stored subject): never
 * change the function, only the count at a set-up. Every event of an org, so every event of a
 * conversation, falls in one partition, where their order holds.
 */
export function partitionOf(orgId: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_EVENT_PARTITIONS) {
    throw new RangeError(`partition count must be an integer in 1..${MAX_EVENT_PARTITIONS}, not ${partitions}`);
  }
  return fnv1a32(orgId) % partitions;
}

/** The subject token of a partition: `p0`…`p255`. */
export function partitionToken(partition: number): string {
  return `p${partition}`;
}
