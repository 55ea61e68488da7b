import type { PipelineSizes } from "./figures/pipeline.js";
import type { RawLimitSizes } from "./raw-limits.js";

export interface BenchSizes {
  raw: RawLimitSizes;
  pipeline: PipelineSizes;
  projector: { backlog: number; rebuildEvents: number; conversations: number; rebuildTimeoutMs: number };
  inbox: { conversations: number; messages: number; iterations: number };
}

/** The sizes of issue 8 for a full run; `--quick` is a fast check that every figure still comes out. */
export function sizesFor(quick: boolean): BenchSizes {
  if (quick) {
    return {
      raw: {
        sequentialPublishes: 300,
        pipelinedPublishes: 5000,
        inFlight: 256,
        upsertRows: 5000,
        copyRows: 20_000,
        connections: 50,
        httpSeconds: 3,
        openLoopRate: 1000,
      },
      pipeline: { connections: 50, closedLoopSeconds: 3, openLoopRate: 1000, openLoopSeconds: 3 },
      projector: { backlog: 10_000, rebuildEvents: 20_000, conversations: 1000, rebuildTimeoutMs: 180_000 },
      inbox: { conversations: 2000, messages: 20_000, iterations: 50 },
    };
  }
  return {
    raw: {
      sequentialPublishes: 2000,
      pipelinedPublishes: 50_000,
      inFlight: 256,
      upsertRows: 100_000,
      copyRows: 500_000,
      connections: 50,
      httpSeconds: 10,
      openLoopRate: 1000,
    },
    pipeline: { connections: 50, closedLoopSeconds: 15, openLoopRate: 1000, openLoopSeconds: 20 },
    projector: { backlog: 200_000, rebuildEvents: 1_000_000, conversations: 20_000, rebuildTimeoutMs: 900_000 },
    inbox: { conversations: 100_000, messages: 1_000_000, iterations: 500 },
  };
}
