import type { PipelineResult } from "../src/figures/pipeline.js";
import type { MachineCpu } from "../src/infra/process-cpu.js";
import { LatencySamples, type LatencySummary } from "../src/latency-samples.js";
import type { ClosedLoopResult } from "../src/load/closed-loop.js";
import type { RawLimits } from "../src/raw-limits.js";

// Made-up measurements for the specs of the figures: what a figure's row says of given results,
// never how fast anything is.

export const summaryOf = (p99: number): LatencySummary => ({
  count: 100,
  mean: p99 / 2,
  p50: p99 / 2,
  p90: p99,
  p95: p99,
  p99,
  p999: p99,
  max: p99,
});

/** A closed loop of 10 s at `acceptedPerSecond`. */
export const closedLoopOf = (acceptedPerSecond: number): ClosedLoopResult => ({
  acceptedPerSecond,
  accepted: acceptedPerSecond * 10,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  latency: summaryOf(10),
  curve: { label: "closed", points: [] },
  cpuUsPerRequest: new Map([["receiver", 100]]),
  loadGeneratorCpuUsPerRequest: 50,
});

/** Two cores for 10 s, `busyCores` of them busy. */
export const machineCpuOf = (busyCores: number, byPart = new Map<string, number>()): MachineCpu => ({
  byPart,
  busyCores,
  availableCores: 2,
  seconds: 10,
});

/** Bare node:http at 20,000 req/s (30 µs a request; 90 µs and p99 2 ms under the open loop). */
export const rawLimits: RawLimits = {
  jetstreamSequentialPerSecond: 5_000,
  jetstreamSequentialP50Ms: 0.2,
  jetstreamPipelinedPerSecond: 50_000,
  jetstreamInFlight: 256,
  httpConnections: 50,
  postgresUpsertRowsPerSecond: 100_000,
  postgresCopyRowsPerSecond: 200_000,
  http: { ...closedLoopOf(20_000), cpuUsPerRequest: new Map([["bare http", 30]]) },
  httpOpenLoop: summaryOf(2),
  httpOpenLoopCpuUsPerRequest: 90,
  openLoopRate: 1000,
  curves: [],
};

/** A system under the pipeline's loads: 1,000 accepted/s of `receiver`, with `changes` over it. */
export const pipelineOf = (changes: Partial<PipelineResult> = {}): PipelineResult => ({
  label: "system",
  closed: closedLoopOf(1000),
  sustainedPerSecond: 1000,
  lostOrLate: 0,
  rssPeakMb: new Map([["receiver", 150]]),
  cpuUsPerMessage: new Map([["receiver", 100]]),
  machine: { closed: machineCpuOf(1.5), sustained: machineCpuOf(1.5), open: machineCpuOf(1.5) },
  open: { sent: 100, accepted: 100, non2xx: 0, errors: 0, achievedPerSecond: 1000, latency: new LatencySamples() },
  openLatency: summaryOf(5),
  endToEnd: summaryOf(20),
  endToEndMissing: 0,
  curves: [],
  ...changes,
});
