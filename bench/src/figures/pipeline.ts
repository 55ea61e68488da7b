import pg from "pg";
import { sleep } from "../infra/bench-env.js";
import { type MachineCpu, machineCpuMeter } from "../infra/process-cpu.js";
import { sampleRss } from "../infra/service-process.js";
import type { LatencyCurve, LatencySummary } from "../latency-samples.js";
import { type ClosedLoopResult, runClosedLoop } from "../load/closed-loop.js";
import { type OpenLoopResult, runOpenLoop } from "../load/open-loop.js";
import { VisibilityTracker } from "../load/visibility-tracker.js";
import { WebhookFactory } from "../twilio-webhook.js";
import type { RunningSystem } from "./systems.js";

export interface PipelineSizes {
  connections: number;
  closedLoopSeconds: number;
  openLoopRate: number;
  openLoopSeconds: number;
}

export interface PipelineResult {
  label: string;
  closed: ClosedLoopResult;
  /** Messages per second from the start of the closed-loop load until the last accepted one was visible. */
  sustainedPerSecond: number;
  /** Accepted webhooks whose row never appeared within the wait. */
  lostOrLate: number;
  rssPeakMb: Map<string, number>;
  /**
   * CPU µs per message of each part of the machine (the system's processes, the shared servers, the load
   * generator, the rest), from the start of the closed-loop load until every accepted one was visible.
   */
  cpuUsPerMessage: Map<string, number>;
  /** Where the machine's CPU went in each load: the closed loop alone, it until all visible, the open loop. */
  machine: { closed: MachineCpu; sustained: MachineCpu; open: MachineCpu };
  open: OpenLoopResult;
  openLatency: LatencySummary;
  endToEnd: LatencySummary;
  endToEndMissing: number;
  curves: LatencyCurve[];
}

const WARM_UP_SECONDS = 2;

async function countRows(databaseUrl: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Gathers the planner's statistics of the system's database, as autovacuum does on a running system
 * within a minute of the rows arriving. The bench's database is minutes old, and this machine's
 * Postgres runs with autovacuum off (its CI configuration): without it the planner sees empty tables
 * and scans them whole (the end-to-end tracker's lookups and the projector's reads by key alike),
 * which no deployment past its first minute does.
 */
async function analyze(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("analyze");
  } finally {
    await client.end();
  }
}

/** Waits until `table` holds `expected` rows; returns the time it did (performance.now()), or undefined. */
async function waitForRows(databaseUrl: string, table: string, expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await countRows(databaseUrl, table);
    if (seen >= expected) return { at: performance.now(), seen };
    await sleep(100);
  }
  return { at: undefined, seen };
}

/** The closed loop at `connections` for WARM_UP_SECONDS, not counted: the hot path compiled before measuring. */
function warmUpOf(system: RunningSystem, sizes: PipelineSizes): Promise<ClosedLoopResult> {
  return runClosedLoop({
    url: system.webhookUrl,
    webhooks: WebhookFactory.forBase(system.publicBaseUrl),
    connections: sizes.connections,
    seconds: WARM_UP_SECONDS,
    label: `${system.label} warm-up`,
  });
}

/**
 * The same loads on any system: a closed-loop burst at `connections` (accepted/s, latency,
 * RSS, then how long until every accepted message is visible), then an open-loop run at a
 * fixed rate with each message's end-to-end latency.
 */
export async function measurePipeline(
  system: RunningSystem,
  databaseUrl: string,
  sizes: PipelineSizes,
  log: (line: string) => void,
): Promise<PipelineResult> {
  const short = system.label;
  // A warm-up, so that the figures (CPU per webhook above all) measure a process that has
  // compiled its hot path, not its first thousand requests; its messages are visible before
  // the closed loop starts counting.
  const warmedFrom = await countRows(databaseUrl, system.messageTable);
  log(`${short}: warm-up, ${sizes.connections} connections for ${WARM_UP_SECONDS} s`);
  const warmUp = await warmUpOf(system, sizes);
  await waitForRows(databaseUrl, system.messageTable, warmedFrom + warmUp.accepted, 120_000);
  await analyze(databaseUrl);
  const before = await countRows(databaseUrl, system.messageTable);
  log(`${short}: ${sizes.connections} connections for ${sizes.closedLoopSeconds} s (closed loop)`);
  const rss = sampleRss(system.processes);
  const cpu = machineCpuMeter(system.processes);
  const loadStarted = performance.now();
  const closed = await runClosedLoop({
    url: system.webhookUrl,
    webhooks: WebhookFactory.forBase(system.publicBaseUrl),
    connections: sizes.connections,
    seconds: sizes.closedLoopSeconds,
    label: `${short} ingress, ${sizes.connections} conns (closed loop)`,
    processes: system.processes,
  });
  const closedMachine = cpu.read();
  log(`${short}: ${closed.accepted} accepted; waiting until every one is visible`);
  const drained = await waitForRows(databaseUrl, system.messageTable, before + closed.accepted, 300_000);
  const rssPeakMb = rss.stop();
  const visible = Math.max(drained.seen - before, 1);
  const sustainedMachine = cpu.read();
  const cpuUsPerMessage = new Map([...sustainedMachine.byPart].map(([name, us]) => [name, us / visible]));
  const drainedAt = drained.at ?? performance.now();
  const sustainedPerSecond = (drained.seen - before) / ((drainedAt - loadStarted) / 1000);

  await analyze(databaseUrl);
  log(`${short}: open loop at ${sizes.openLoopRate} req/s for ${sizes.openLoopSeconds} s, end to end by polling`);
  const tracker = new VisibilityTracker(databaseUrl, system.messageTable, system.messageScope);
  await tracker.start();
  const openCpu = machineCpuMeter(system.processes);
  const open = await runOpenLoop({
    url: system.webhookUrl,
    webhooks: WebhookFactory.forBase(system.publicBaseUrl),
    ratePerSecond: sizes.openLoopRate,
    seconds: sizes.openLoopSeconds,
    onAccepted: (webhook, scheduledAt) => tracker.track(webhook.messageSid, scheduledAt),
  });
  const openMachine = openCpu.read();
  const { missing } = await tracker.finish(120_000);
  return {
    label: short,
    closed,
    sustainedPerSecond,
    lostOrLate: before + closed.accepted - drained.seen,
    rssPeakMb,
    cpuUsPerMessage,
    machine: { closed: closedMachine, sustained: sustainedMachine, open: openMachine },
    open,
    openLatency: open.latency.summary(),
    endToEnd: tracker.latency.summary(),
    endToEndMissing: missing,
    curves: [
      closed.curve,
      open.latency.curve(`${short} ingress at ${sizes.openLoopRate}/s (open loop)`),
      tracker.latency.curve(`${short} end to end at ${sizes.openLoopRate}/s`),
    ],
  };
}

export interface IngressAloneResult {
  open: OpenLoopResult;
  openLatency: LatencySummary;
  machine: MachineCpu;
  curve: LatencyCurve;
}

/**
 * The ingress with nothing beside it (no projector: the events wait in the stream) under the open
 * loop's schedule, after the same warm-up: its latency against bare node:http's under the same
 * schedule says what the ingress's own path adds, and the rest of the system's open-loop p99 is
 * what the projection's work on the same cores adds.
 */
export async function measureIngressAlone(
  system: RunningSystem,
  sizes: PipelineSizes,
  log: (line: string) => void,
): Promise<IngressAloneResult> {
  await warmUpOf(system, sizes);
  log(`${system.label}: open loop at ${sizes.openLoopRate} req/s for ${sizes.openLoopSeconds} s`);
  const cpu = machineCpuMeter(system.processes);
  const open = await runOpenLoop({
    url: system.webhookUrl,
    webhooks: WebhookFactory.forBase(system.publicBaseUrl),
    ratePerSecond: sizes.openLoopRate,
    seconds: sizes.openLoopSeconds,
  });
  const machine = cpu.read();
  return {
    open,
    openLatency: open.latency.summary(),
    machine,
    curve: open.latency.curve(`${system.label} at ${sizes.openLoopRate}/s (open loop)`),
  };
}
