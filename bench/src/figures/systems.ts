import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_ORG_ID, webhookPaths } from "@cloudpa/contracts";
import { migrateReadModel } from "@cloudpa/read-model";
import { Queue } from "bullmq";
import pg from "pg";
import { PEER_SCHEMA, peerSchemaSql } from "../../peers/bullmq-seed/peer-schema.js";
import type { BenchDatabase } from "../infra/bench-database.js";
import { natsUrl, redisUrl, repoRoot, sleep } from "../infra/bench-env.js";
import type { BenchKeys } from "../infra/bench-keys.js";
import type { BenchNats } from "../infra/bench-nats.js";
import { onInterrupt } from "../infra/interrupt.js";
import { freePort, type ServiceProcess, startProcess, waitUntilReady } from "../infra/service-process.js";
import { BENCH_CHANNEL } from "../twilio-webhook.js";

/** One system under load: where its webhook is, where its rows land, its processes. */
export interface RunningSystem {
  label: string;
  publicBaseUrl: string;
  webhookUrl: string;
  /** The table a message's row appears in once the system has processed it. */
  messageTable: string;
  /** What leads that table's unique key on the message's sid, if the sid is not indexed alone. */
  messageScope?: { column: string; value: string };
  processes: ServiceProcess[];
  stop(): Promise<void>;
}

export const serviceScripts = {
  ingress: join(repoRoot, "services/ingress/dist/main.js"),
  projector: join(repoRoot, "services/projector/dist/main.js"),
  projectorCli: join(repoRoot, "services/projector/dist/cli.js"),
};

export function cloudpaAvailable(): string | undefined {
  if (!existsSync(serviceScripts.ingress)) return "services/ingress/dist/main.js is not built (or not written yet)";
  if (!existsSync(serviceScripts.projector)) return "services/projector/dist/main.js is not built (or not written yet)";
  return undefined;
}

/** Migrations (the inbox's indexes among them) run as their own step, before any service starts (as `npm start` does). */
export async function prepareReadModel(databaseUrl: string): Promise<void> {
  await migrateReadModel(databaseUrl);
}

export function cloudpaEnv(nats: BenchNats, database: BenchDatabase, keys: BenchKeys): Record<string, string> {
  return {
    ...keys.env,
    CLOUDPA_NAMESPACE: nats.names.namespace,
    NATS_URL: natsUrl,
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
    TWILIO_ACCOUNT_SID: BENCH_CHANNEL.accountSid,
    TWILIO_AUTH_TOKEN: BENCH_CHANNEL.authToken,
    TWILIO_WHATSAPP_FROM: BENCH_CHANNEL.number,
    NODE_ENV: "production",
  };
}

/** A projector process, once its /healthz answers (within `readyTimeoutMs`: several starting at once take longer). */
export async function startProjector(env: Record<string, string>, readyTimeoutMs?: number): Promise<ServiceProcess> {
  const port = await freePort();
  const projector = startProcess("projector", serviceScripts.projector, [], { ...env, PROJECTOR_PORT: String(port) });
  await waitUntilReady(projector, `http://127.0.0.1:${port}/healthz`, readyTimeoutMs);
  return projector;
}

/**
 * Cloud PA: the ingress and the projector as processes, in the run's namespace and database; with
 * `ingressAlone`, the ingress only (what the webhooks cost with no projection beside them).
 */
export async function startCloudpa(
  nats: BenchNats,
  database: BenchDatabase,
  keys: BenchKeys,
  options: { ingressAlone?: boolean } = {},
): Promise<RunningSystem> {
  const env = cloudpaEnv(nats, database, keys);
  const port = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const ingress = startProcess("ingress", serviceScripts.ingress, [], {
    ...env,
    INGRESS_PORT: String(port),
    PUBLIC_BASE_URL: publicBaseUrl,
  });
  await waitUntilReady(ingress, `${publicBaseUrl}/readyz`);
  const processes = options.ingressAlone ? [ingress] : [ingress, await startProjector(env)];
  return {
    label: options.ingressAlone ? "Cloud PA ingress alone" : "Cloud PA",
    publicBaseUrl,
    webhookUrl: `${publicBaseUrl}${webhookPaths().inbound}`,
    messageTable: "readmodel.message",
    // The bench's channel is the env channel, whose org is the default one.
    messageScope: { column: "org_id", value: DEFAULT_ORG_ID },
    processes,
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop()));
    },
  };
}

const peerDir = join(repoRoot, "bench/dist/peers/bullmq-seed");

/** The seed's design: webhook → BullMQ on Redis → worker (concurrency 15), its own queue and schema. */
export async function startPeer(database: BenchDatabase, queueName: string): Promise<RunningSystem> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    for (const statement of peerSchemaSql) await client.query(statement);
  } finally {
    await client.end();
  }
  const port = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const env = {
    PEER_PORT: String(port),
    PEER_QUEUE: queueName,
    REDIS_URL: redisUrl,
    DATABASE_URL: database.url,
    TWILIO_AUTH_TOKEN: BENCH_CHANNEL.authToken,
    PUBLIC_BASE_URL: publicBaseUrl,
    INGEST_CONCURRENCY: "15",
  };
  const webhook = startProcess("seed webhook", join(peerDir, "webhook.js"), [], env);
  const worker = startProcess("seed worker", join(peerDir, "worker.js"), [], env);
  await waitForLine(webhook, "listening");
  await waitForLine(worker, "worker ready");
  const processes = [webhook, worker];
  const obliterate = async () => {
    const redis = new URL(redisUrl);
    const queue = new Queue(queueName, { connection: { host: redis.hostname, port: Number(redis.port || 6379) } });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  };
  const forget = onInterrupt(obliterate);
  return {
    label: "seed (BullMQ)",
    publicBaseUrl,
    webhookUrl: `${publicBaseUrl}${webhookPaths().inbound}`,
    messageTable: `${PEER_SCHEMA}.message`,
    processes,
    stop: async () => {
      forget();
      await Promise.all(processes.map((p) => p.stop()));
      await obliterate();
    },
  };
}

export async function waitForLine(service: ServiceProcess, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!service.tail().includes(text)) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited:\n${service.tail()}`);
    if (Date.now() > deadline) throw new Error(`${service.name} did not say "${text}":\n${service.tail()}`);
    await sleep(50);
  }
}
