import { describe, expect, it } from "vitest";
import { formatStatus, type PartitionStatus, type StatusReport } from "./status.js";

const written = "2026-12-07T11:38:18.000Z";
const partition = (n: number, change: Partial<PartitionStatus> = {}): PartitionStatus => ({
  partition: n,
  checkpoint: n * 10,
  lag: 0,
  holder: "vm-a",
  updatedAt: written,
  ...change,
});

function report(partitions: PartitionStatus[], change: Partial<StatusReport> = {}): StatusReport {
  return {
    stream: "cloudpa-events",
    streamLastSeq: 150,
    nats: { answered: true },
    postgres: { answered: true },
    projections: [{ projection: "inbox", stream: "cloudpa-events", checkpoint: 150, lag: 0, updatedAt: written }],
    partitions,
    quarantined: 0,
    quarantinedByReason: {},
    outboundQuarantined: { waiting: 0, retried: 0 },
    ...change,
  };
}

const partitionLinesOf = (text: string) => text.split("\n").filter((line) => /^ {2}partitions? /.test(line));
const sixteen = Array.from({ length: 16 }, (_, n) => partition(n));

describe("formatStatus's partitions", () => {
  it("gives the partitions with nothing left to project one line a holder", () => {
    expect(partitionLinesOf(formatStatus(report(sixteen)))).toEqual(["  partitions 0-15: lag 0, held by vm-a"]);
    const shared = sixteen.map((p) => (p.partition % 2 === 1 || p.partition > 11 ? { ...p, holder: "vm-b" } : p));
    expect(partitionLinesOf(formatStatus(report(shared)))).toEqual([
      "  partitions 0, 2, 4, 6, 8, 10: lag 0, held by vm-a",
      "  partitions 1, 3, 5, 7, 9, 11-15: lag 0, held by vm-b",
    ]);
  });

  it("keeps a line, with its checkpoint, for each partition that lags or whose lag is unknown, in order", () => {
    const partitions = sixteen.map((p) =>
      p.partition === 3 ? { ...p, lag: 37, holder: null } : p.partition === 9 ? { ...p, lag: null } : p,
    );
    expect(partitionLinesOf(formatStatus(report(partitions)))).toEqual([
      "  partitions 0-2, 4-8, 10-15: lag 0, held by vm-a",
      "  partition 3: checkpoint 30 (written 2026-12-07T11:38:18Z), lag 37, held by nobody",
      "  partition 9: checkpoint 90 (written 2026-12-07T11:38:18Z), lag ?, held by vm-a",
    ]);
    const stopped = sixteen.map((p) => (p.partition === 4 ? { ...p, holder: null } : p));
    expect(partitionLinesOf(formatStatus(report(stopped)))).toEqual([
      "  partitions 0-3, 5-15: lag 0, held by vm-a",
      "  partition 4: lag 0, held by nobody",
    ]);
  });

  it("lists every partition when NATS did not answer (their checkpoints are what is known), or when asked to", () => {
    const unknown = sixteen.map((p) => ({ ...p, lag: null, holder: null }));
    const withoutNats = formatStatus(report(unknown, { nats: { answered: false, error: "no answer within 5 s" } }));
    expect(partitionLinesOf(withoutNats)).toHaveLength(16);
    expect(partitionLinesOf(withoutNats)[15]).toBe(
      "  partition 15: checkpoint 150 (written 2026-12-07T11:38:18Z), lag ?, held by ?",
    );
    const every = partitionLinesOf(formatStatus(report(sixteen), { everyPartition: true }));
    expect(every).toHaveLength(16);
    expect(every[0]).toBe("  partition 0: checkpoint 0 (written 2026-12-07T11:38:18Z), lag 0, held by vm-a");
  });
});
