import { parseArgs } from "node:util";
import { webhookPaths } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import type { NatsConnection } from "@nats-io/transport-node";
import pg from "pg";
import { backlogEvent } from "../figures/event-backlog.js";
import { cloudpaEnv, prepareReadModel, serviceScripts } from "../figures/systems.js";
import { benchDatabase } from "../infra/bench-database.js";
import { sleep } from "../infra/bench-env.js";
import { benchKeys } from "../infra/bench-keys.js";
import { benchNats } from "../infra/bench-nats.js";
import { undoOnInterrupt } from "../infra/interrupt.js";
import { describeLoad, machineLoad } from "../infra/machine-load.js";
import { cpuMeter, serversCpuUs } from "../infra/process-cpu.js";
import { freePort, startProcess, waitUntilReady } from "../infra/service-process.js";
import { LatencySamples } from "../latency-samples.js";
import { runOpenLoop } from "../load/open-loop.js";
import { WebhookFactory } from "../twilio-webhook.js";

/**
 * What the projector spends per event while events arrive at a fixed, moderate rate (issue 16):
 * Postgres transactions committed per 1,000 events (pg_stat_database.xact_commit of the run's own
 * database, and the projector's own batch count from /metrics) and CPU µs per event of the
 * projector and the ingress (/proc/<pid>/stat), in a fresh namespace set up with `--partitions`.
 * Counts and CPU, not latencies, so they mostly hold on a busy machine (a generator that falls
 * behind bunches the events, though, and bigger batches follow: read the load printed with them).
 *
 *   node bench/dist/src/probes/fixed-rate-cost.js --partitions 16 --rate 1000 --seconds 15
 *
 * Webhooks go through the ingress (open loop; all of one org, the env channel's, so one partition).
 * `--orgs N`: signed events are appended straight to the stream over N orgs instead (all partitions
 * busy; the ingress idles). `--idle-seconds`: CPU of the processes with nothing arriving, measured
 * first. Also printed: the JetStream API requests and KV writes naming the run's namespace, by kind,
 * idle and under load; CPU of the shared nats-server and Postgres (other work too: a hint only).
 * `--cpu-prof <dir>`: the ingress and the projector write V8 CPU profiles there on exit.
 * `--env NAME=value`: extra env for both services.
 */
const { values } = parseArgs({
  options: {
    partitions: { type: "string", default: "16" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "15" },
    "idle-seconds": { type: "string", default: "10" },
    "cpu-prof": { type: "string" },
    env: { type: "string", multiple: true },
    orgs: { type: "string" },
  },
});
const partitions = Number(values.partitions);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const idleSeconds = Number(values["idle-seconds"]);
const log = (line: string) => process.stderr.write(`[probe] ${line}\n`);

async function scalar(url: string, sql: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** The projector's committed batches and the events in them (projector_batch_size's count and sum). */
async function batches(metricsUrl: string): Promise<{ count: number; sum: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const read = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
  return { count: read("projector_batch_size_count"), sum: read("projector_batch_size_sum") };
}

/**
 * Counts the JetStream API requests and KV writes that name the run's namespace, by kind (the
 * subject without the namespace's names and the consumer's partition), from `start()` to `take()`.
 */
function apiCounter(nc: NatsConnection, namespace: string) {
  let counts = new Map<string, number>();
  const kind = (subject: string) =>
    subject
      .replaceAll(namespace, "NS")
      .replace(/-p\d+\b/g, "-pK")
      .replace(/\.p\d+\./g, ".pK.")
      .replace(/^(\$KV\.[^.]+\.[^.]+)\..*/, "$1");
  const subs = ["$JS.API.>", "$KV.>"].map((subject) =>
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        if (!msg.subject.includes(namespace)) return;
        const key = kind(msg.subject);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      },
    }),
  );
  return {
    take(): Record<string, number> {
      const taken = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
      counts = new Map();
      return taken;
    },
    stop: () => {
      for (const sub of subs) sub.unsubscribe();
    },
  };
}

async function main() {
  undoOnInterrupt();
  log(`at the start: ${describeLoad(machineLoad())}`);
  const nats = await benchNats(partitions);
  const database = await benchDatabase();
  const stopAll: (() => Promise<void>)[] = [];
  try {
    await prepareReadModel(database.url);
    const keys = benchKeys();
    const extra = Object.fromEntries((values.env ?? []).map((pair) => pair.split("=", 2) as [string, string]));
    const env = {
      ...cloudpaEnv(nats, database, keys),
      ...extra,
      ...(values["cpu-prof"] ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${values["cpu-prof"]}` } : {}),
    };
    const ingressPort = await freePort();
    const base = `http://127.0.0.1:${ingressPort}`;
    const ingress = startProcess("ingress", serviceScripts.ingress, [], {
      ...env,
      INGRESS_PORT: String(ingressPort),
      PUBLIC_BASE_URL: base,
    });
    stopAll.push(() => ingress.stop());
    await waitUntilReady(ingress, `${base}/readyz`);
    const projectorPort = await freePort();
    const projector = startProcess("projector", serviceScripts.projector, [], {
      ...env,
      PROJECTOR_PORT: String(projectorPort),
    });
    stopAll.push(() => projector.stop());
    await waitUntilReady(projector, `http://127.0.0.1:${projectorPort}/readyz`);
    const metricsUrl = `http://127.0.0.1:${projectorPort}/metrics`;
    const webhooks = WebhookFactory.forBase(base);
    const rows = () => scalar(database.url, "select count(*) as n from readmodel.message");
    const drain = async (expected: number) => {
      const deadline = Date.now() + 120_000;
      while ((await rows()) < expected && Date.now() < deadline) await sleep(200);
    };

    // What the processes spend with nothing arriving (leases, surveys, idle consumers), per second.
    await sleep(3000);
    const api = apiCounter(nats.nc, nats.names.namespace);
    api.take();
    const idleCpu = cpuMeter([ingress, projector]);
    const idleServers = serversCpuUs();
    await sleep(idleSeconds * 1000);
    const idleUsed = idleCpu.stop().byProcess;
    const idleServersAfter = serversCpuUs();
    const idleApi = api.take();
    const idle = {
      projectorIdleCpuMsPerS: (idleUsed.get("projector") ?? Number.NaN) / 1000 / idleSeconds,
      ingressIdleCpuMsPerS: (idleUsed.get("ingress") ?? Number.NaN) / 1000 / idleSeconds,
      natsServerIdleCpuMsPerS: (idleServersAfter["nats-server"] - idleServers["nats-server"]) / 1000 / idleSeconds,
    };

    // Webhooks through the ingress (one org: the env channel's), or with --orgs signed events appended
    // straight to the stream over that many orgs (spread over the partitions), at the same rate.
    const orgs = values.orgs === undefined ? undefined : Number(values.orgs);
    let appended = 0;
    const runId = Math.random().toString(16).slice(2, 10);
    const load = async (loadSeconds: number) => {
      if (orgs === undefined) {
        return runOpenLoop({
          url: `${base}${webhookPaths().inbound}`,
          webhooks,
          ratePerSecond: rate,
          seconds: loadSeconds,
        });
      }
      const total = rate * loadSeconds;
      const started = performance.now();
      const acks: Promise<unknown>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const n = appended++;
        acks.push(appendSigned(nats.js, nats.names, backlogEvent(n, 1000 * orgs, runId, orgs), keys.ingress));
      }
      await Promise.all(acks);
      return { accepted: total, latency: new LatencySamples() };
    };

    log(`${partitions} partition(s): warm-up at ${rate}/s for 3 s`);
    const warm = await load(3);
    await drain(warm.accepted);
    await sleep(1500);

    const xacts = `select xact_commit as n from pg_stat_database where datname = $1`;
    const xactBefore = await scalar(database.url, xacts, [database.name]);
    const batchesBefore = await batches(metricsUrl);
    api.take();
    const cpu = cpuMeter([ingress, projector]);
    const serversBefore = serversCpuUs();
    log(`${partitions} partition(s): ${rate}/s for ${seconds} s (open loop)`);
    const open = await load(seconds);
    await drain(warm.accepted + open.accepted);
    const used = cpu.stop();
    const loadApi = api.take();
    api.stop();
    const serversAfter = serversCpuUs();
    const batchesAfter = await batches(metricsUrl);
    // Backends report their counts at most once a second.
    await sleep(1500);
    const xactAfter = await scalar(database.url, xacts, [database.name]);
    const events = batchesAfter.sum - batchesBefore.sum;
    const committed = batchesAfter.count - batchesBefore.count;
    const summary = open.latency.summary();
    const figures = {
      partitions,
      orgs: orgs ?? 1,
      rate,
      seconds,
      accepted: open.accepted,
      eventsApplied: events,
      projectorBatches: committed,
      batchesPer1000Events: (committed * 1000) / events,
      eventsPerBatch: events / committed,
      // Includes this probe's own few queries (drain polls, these reads): about 5 a second.
      xactCommitPer1000Events: ((xactAfter - xactBefore) * 1000) / events,
      projectorCpuUsPerEvent: (used.byProcess.get("projector") ?? Number.NaN) / events,
      ingressCpuUsPerWebhook: (used.byProcess.get("ingress") ?? Number.NaN) / open.accepted,
      natsServerCpuUsPerEvent: (serversAfter["nats-server"] - serversBefore["nats-server"]) / events,
      postgresCpuUsPerEvent: (serversAfter.postgres - serversBefore.postgres) / events,
      ingressP50ms: summary.p50,
      ingressP99ms: summary.p99,
      ...idle,
      loadAverageAtEnd: machineLoad().loadAverage[0],
    };
    console.log(JSON.stringify(figures));
    console.log(JSON.stringify({ idleSeconds, idleApi, loadApi }));
  } finally {
    for (const stop of stopAll.reverse()) await stop();
    await database.drop();
    await nats.cleanup();
  }
}

await main();
