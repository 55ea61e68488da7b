import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_EVENT_PARTITIONS, fnv1a32, MAX_EVENT_PARTITIONS, partitionOf } from "./partition-of.js";

const counts = fc.integer({ min: 1, max: MAX_EVENT_PARTITIONS });

describe("partitionOf", () => {
  it("is FNV-1a 32 of the orgId's UTF-8 bytes (the published test vectors), modulo the count", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    // Pinned: stored subjects carry it, so a change to the function would move orgs between partitions.
    expect(partitionOf("6f1c2a52-8f3e-4c1b-9a57-0c2d1e3f4a5b", 16)).toBe(
      fnv1a32("6f1c2a52-8f3e-4c1b-9a57-0c2d1e3f4a5b") % 16,
    );
  });

  it("puts an org in one partition in [0, partitions), whatever the count", () => {
    fc.assert(
      fc.property(fc.uuid(), counts, (orgId, partitions) => {
        const partition = partitionOf(orgId, partitions);
        expect(Number.isInteger(partition)).toBe(true);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(partitions);
        expect(partitionOf(orgId, partitions)).toBe(partition);
      }),
    );
  });

  it("spreads orgs roughly evenly over the default 16 partitions", () => {
    const orgs = fc.sample(fc.uuid(), { numRuns: 16_000, seed: 17 });
    const perPartition = new Array<number>(DEFAULT_EVENT_PARTITIONS).fill(0);
    for (const orgId of orgs) {
      const partition = partitionOf(orgId, DEFAULT_EVENT_PARTITIONS);
      perPartition[partition] = (perPartition[partition] ?? 0) + 1;
    }
    // 1,000 expected per partition; a binomial's standard deviation is ~31, so ±15% is ~5σ.
    for (const count of perPartition) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it("refuses a count outside 1..256", () => {
    for (const bad of [0, -1, 257, 1.5, Number.NaN]) expect(() => partitionOf("org", bad)).toThrow(RangeError);
  });
});
