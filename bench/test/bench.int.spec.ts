import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figuresOf } from "../src/figures-of.js";
import { type BenchDatabase, benchDatabase } from "../src/infra/bench-database.js";
import { type BenchNats, benchNats } from "../src/infra/bench-nats.js";
import { LatencySamples } from "../src/latency-samples.js";
import { latencySvg } from "../src/latency-svg.js";
import { measureRawLimits, type RawLimits } from "../src/raw-limits.js";
import { type BenchReport, renderTable, writeReport } from "../src/results.js";

// A smoke test of the harness on tiny sizes: every raw limit comes out as a positive number
// and the table, JSON and chart have their shape. Speed is the bench's business, not this test's.
describe("bench harness", () => {
  let nats: BenchNats;
  let database: BenchDatabase;
  let raw: RawLimits;
  const outDir = mkdtempSync(join(tmpdir(), "cloudpa-bench-"));

  beforeAll(async () => {
    nats = await benchNats();
    database = await benchDatabase();
    raw = await measureRawLimits(
      nats,
      database,
      {
        sequentialPublishes: 20,
        pipelinedPublishes: 200,
        inFlight: 32,
        upsertRows: 1000,
        copyRows: 2000,
        connections: 4,
        httpSeconds: 1,
        // /proc charges CPU in 10 ms ticks: at 100 requests (8.5 ms of the bare server's CPU) a run
        // was charged 0, 1 or 2 ticks (per request 0, 100 or 200 µs; 0 failed CI once). 1,000 requests
        // are charged 5 to 10.
        openLoopRate: 1000,
      },
      () => undefined,
    );
  }, 90_000);

  afterAll(async () => {
    await nats?.cleanup();
    await database?.drop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("measures every raw limit in the same run as a positive rate", () => {
    for (const rate of [
      raw.jetstreamSequentialPerSecond,
      raw.jetstreamPipelinedPerSecond,
      raw.postgresUpsertRowsPerSecond,
      raw.postgresCopyRowsPerSecond,
      raw.http.acceptedPerSecond,
    ]) {
      expect(rate).toBeGreaterThan(0);
      expect(Number.isFinite(rate)).toBe(true);
    }
    expect(raw.http.errors + raw.http.non2xx).toBe(0);
    // The bare server's CPU per request, read from /proc over the whole closed-loop run.
    const cpu = raw.http.cpuUsPerRequest.get("bare http");
    expect(cpu).toBeGreaterThan(0);
    expect(Number.isFinite(cpu)).toBe(true);
    // And under the open-loop schedule, over its whole run.
    expect(raw.httpOpenLoopCpuUsPerRequest).toBeGreaterThan(0);
    expect(Number.isFinite(raw.httpOpenLoopCpuUsPerRequest)).toBe(true);
  });

  it("prints one table row per figure with its value, and compares figures to raw limits with a ratio", () => {
    const figures = figuresOf({ quick: true, raw });
    expect(figures.map((f) => f.id)).toEqual([
      "raw.jetstream.sequential",
      "raw.jetstream.pipelined",
      "raw.postgres.upsert",
      "raw.postgres.copy",
      "raw.http",
      "raw.http.cpu",
      "raw.http.open.p99",
      "raw.http.open.cpu",
    ]);
    const table = renderTable(figures).split("\n");
    expect(table[0]).toMatch(/^figure\s+\| value\s+\| compared to\s+\| ratio \(value ÷ ref\.\)\s+\| target/);
    expect(table).toHaveLength(2 + figures.length);
    expect(table[3]).toMatch(/^raw limit: JetStream publish-with-ack, 32 in flight\s+\| [\d,.]+ msg\/s/);
  });

  it("writes latest.json with the figures and curves, and an SVG chart of the latency curves", () => {
    const samples = new LatencySamples();
    for (let i = 1; i <= 1000; i++) samples.record(i / 10);
    expect(samples.summary()).toMatchObject({ count: 1000, p50: 50, p99: 99, max: 100 });
    const curves = [...raw.curves, samples.curve("synthetic")];
    const report: BenchReport = {
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      quick: true,
      machine: {
        cpus: 2,
        cpuModel: "test",
        totalMemoryMb: 1,
        node: process.version,
        loadAverageAtStart: [0, 0, 0],
        busyAtStart: false,
      },
      figures: figuresOf({ quick: true, raw }),
      curves,
      skipped: [],
    };
    writeReport(join(outDir, "latest.json"), report);
    const written = JSON.parse(readFileSync(join(outDir, "latest.json"), "utf8")) as BenchReport;
    expect(written.figures).toHaveLength(8);
    expect(written.figures[0]).toMatchObject({ id: "raw.jetstream.sequential", unit: "msg/s", better: "higher" });
    const svg = latencySvg(curves, "smoke");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(curves.length);
    expect(svg).toContain("synthetic");
  });
});
