import { fileURLToPath } from "node:url";
import { webhookPaths } from "@cloudpa/contracts";
import type { BenchDatabase } from "./infra/bench-database.js";
import type { BenchNats } from "./infra/bench-nats.js";
import { cpuMeter } from "./infra/process-cpu.js";
import { freePort, startProcess } from "./infra/service-process.js";
import type { LatencyCurve, LatencySummary } from "./latency-samples.js";
import { type ClosedLoopResult, runClosedLoop } from "./load/closed-loop.js";
import { runOpenLoop } from "./load/open-loop.js";
import { measureJetStreamPublish } from "./raw/jetstream-publish.js";
import { measureBatchedUpsert, measureCopy } from "./raw/postgres-writes.js";
import { WebhookFactory } from "./twilio-webhook.js";

export interface RawLimitSizes {
  sequentialPublishes: number;
  pipelinedPublishes: number;
  inFlight: number;
  upsertRows: number;
  copyRows: number;
  connections: number;
  httpSeconds: number;
  openLoopRate: number;
}

export interface RawLimits {
  jetstreamSequentialPerSecond: number;
  jetstreamSequentialP50Ms: number;
  jetstreamPipelinedPerSecond: number;
  jetstreamInFlight: number;
  httpConnections: number;
  postgresUpsertRowsPerSecond: number;
  postgresCopyRowsPerSecond: number;
  http: ClosedLoopResult;
  /** The bare server under the open-loop schedule the services get. */
  httpOpenLoop: LatencySummary;
  /** The bare server's CPU per request under that schedule (more than at 50 conns: each request wakes it alone). */
  httpOpenLoopCpuUsPerRequest: number;
  openLoopRate: number;
  curves: LatencyCurve[];
}

/** The path of a raw server's script in `raw/` (its name without extension), to run as its own process. */
export function rawServerScript(name: string): string {
  // Compiled, the bench runs dist/src/*.js; under vitest, src/*.ts (which Node 24 runs as it is).
  const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return fileURLToPath(new URL(`./raw/${name}.${extension}`, import.meta.url));
}

/** Starts the bare node:http server as its own process (as the services run) and loads it. */
async function measureBareHttp(sizes: RawLimitSizes) {
  const script = rawServerScript("bare-http-server");
  const port = await freePort();
  const server = startProcess("bare http", script, [String(port)], {});
  try {
    const deadline = Date.now() + 10_000;
    while (!server.tail().includes("listening")) {
      if (Date.now() > deadline) throw new Error(`bare http server did not start:\n${server.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const base = `http://127.0.0.1:${port}`;
    // Warmed up as the systems are (figures/pipeline.ts), so CPU per request compares like with like.
    await runClosedLoop({
      url: `${base}${webhookPaths().inbound}`,
      webhooks: WebhookFactory.forBase(base),
      connections: sizes.connections,
      seconds: 2,
      label: "bare node:http warm-up",
    });
    const closed = await runClosedLoop({
      url: `${base}${webhookPaths().inbound}`,
      webhooks: WebhookFactory.forBase(base),
      connections: sizes.connections,
      seconds: sizes.httpSeconds,
      label: `bare node:http, ${sizes.connections} conns`,
      processes: [server],
    });
    const cpu = cpuMeter([server]);
    const open = await runOpenLoop({
      url: `${base}${webhookPaths().inbound}`,
      webhooks: WebhookFactory.forBase(base),
      ratePerSecond: sizes.openLoopRate,
      seconds: sizes.httpSeconds,
    });
    const openCpuUs = cpu.stop().byProcess.get(server.name) ?? Number.NaN;
    return { closed, open: open.latency, openCpuUsPerRequest: openCpuUs / Math.max(open.sent, 1) };
  } finally {
    await server.stop();
  }
}

/** Every raw limit, measured in this run on this machine. */
export async function measureRawLimits(
  nats: BenchNats,
  database: BenchDatabase,
  sizes: RawLimitSizes,
  log: (line: string) => void,
): Promise<RawLimits> {
  log(`raw: JetStream publish-with-ack, ${sizes.sequentialPublishes} sequential`);
  const sequential = await measureJetStreamPublish(nats, {
    messages: sizes.sequentialPublishes,
    inFlight: 1,
    label: "seq",
  });
  log(`raw: JetStream publish-with-ack, ${sizes.pipelinedPublishes} with ${sizes.inFlight} in flight`);
  const pipelined = await measureJetStreamPublish(nats, {
    messages: sizes.pipelinedPublishes,
    inFlight: sizes.inFlight,
    label: "pipe",
  });
  log(`raw: Postgres batched upsert of ${sizes.upsertRows} rows, COPY of ${sizes.copyRows}`);
  const upsert = await measureBatchedUpsert(database.url, sizes.upsertRows);
  const copy = await measureCopy(database.url, sizes.copyRows);
  log(`raw: bare node:http at ${sizes.connections} connections, then at ${sizes.openLoopRate} req/s (open loop)`);
  const { closed: http, open: httpOpen, openCpuUsPerRequest } = await measureBareHttp(sizes);
  return {
    jetstreamSequentialPerSecond: sequential.perSecond,
    jetstreamSequentialP50Ms: sequential.latency.percentile(50),
    jetstreamPipelinedPerSecond: pipelined.perSecond,
    jetstreamInFlight: sizes.inFlight,
    httpConnections: sizes.connections,
    postgresUpsertRowsPerSecond: upsert.perSecond,
    postgresCopyRowsPerSecond: copy.perSecond,
    http,
    httpOpenLoop: httpOpen.summary(),
    httpOpenLoopCpuUsPerRequest: openCpuUsPerRequest,
    openLoopRate: sizes.openLoopRate,
    curves: [
      sequential.latency.curve("raw JetStream publish-with-ack (sequential)"),
      http.curve,
      httpOpen.curve(`bare node:http at ${sizes.openLoopRate}/s (open loop)`),
    ],
  };
}
