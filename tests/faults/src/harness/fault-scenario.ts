import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { type CloudpaNames, cloudpaNames, DEFAULT_EVENT_PARTITIONS, webhookUrlsFor } from "@cloudpa/contracts";
import { allSetUpStreamNames, ensureStreams, natsServersOf } from "@cloudpa/kit";
import { migrateReadModel } from "@cloudpa/read-model";
import {
  endpointOf,
  ensureBuilt,
  infrastructure,
  type TcpProxy,
  type TestDatabase,
  type TestKeys,
  tcpProxy,
  testDatabase,
  testKeys,
  uniqueName,
  viaProxy,
  waitFor,
} from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { freePort } from "./free-port.js";
import type { NatsCluster } from "./nats-cluster.js";
import { REPO_ROOT } from "./repo-root.js";
import { type LogLine, SERVICE_LAYOUT, type ServiceName, ServiceProcess } from "./service-process.js";

export interface ScenarioOptions {
  /** Which services run (in this order); the others are not started. */
  services: ServiceName[];
  /** JetStream's duplicate window of this namespace's streams (default 1 h, as in production). */
  duplicateWindowMs?: number;
  /** The partition count the set-up records (default 16, as in production; docs/decisions/019). */
  partitions?: number;
  /** Extra env per service (e.g. a short PUBLISH_TIMEOUT_MS for the ingress). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Pause between two status callbacks of one message (the simulator's default is 20 ms). */
  statusDelayMs?: number;
  /**
   * Whether ingress and outbound serve the simulated number as the default org's env channel
   * (default true). Off, a channel exists only once a freelancer connects it in the web.
   */
  envChannel?: boolean;
  /**
   * A JetStream cluster started by the test (startNatsCluster): the streams and buckets are created
   * with one replica per node, and the services connect to every node directly (the NATS proxy,
   * towards the first node, is then the harness's only). The test stops the cluster itself.
   */
  cluster?: NatsCluster;
}

/** The freelancer's WhatsApp number on the simulated Twilio account (the env channel of the default org). */
export const CHANNEL_NUMBER = "whatsapp:+14155238886";

/**
 * One isolated installation of Cloud PA for one test file: its own namespace, database, keys,
 * ports and simulated Twilio account; the services reach NATS and Postgres only through proxies
 * the test can cut or slow. The harness itself talks to NATS and Postgres directly.
 */
export interface FaultScenario {
  names: CloudpaNames;
  keys: TestKeys;
  db: TestDatabase;
  /** The harness's own connection (not through the proxy). */
  nc: NatsConnection;
  natsProxy: TcpProxy;
  postgresProxy: TcpProxy;
  sim: TwilioSim;
  account: { accountSid: string; authToken: string };
  services: Map<ServiceName, ServiceProcess>;
  service(name: ServiceName): ServiceProcess;
  /** The ingress's base URL (what Twilio signs: PUBLIC_BASE_URL). */
  ingressUrl: string;
  /** Every line every service printed, in arrival order per service. */
  logs(): LogLine[];
  /** Stops everything and removes the namespace's streams, buckets and the database. */
  stop(): Promise<void>;
}

/** The web's own migration step (schema `app`), as `npm start` runs it. */
async function migrateApp(databaseUrl: string): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      [join(REPO_ROOT, "web/cli/cli.ts"), "migrate"],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl }, timeout: 60_000 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`web migrate failed: ${stderr}`, { cause: error })) : resolve(),
    ),
  );
}

async function jetStreamAnswers(nc: NatsConnection): Promise<void> {
  await waitFor(
    async () => {
      const jsm = await jetstreamManager(nc, { timeout: 2000 });
      await jsm.getAccountInfo();
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: "the JetStream cluster to answer" },
  );
}

const twilioSid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

export async function startScenario(options: ScenarioOptions): Promise<FaultScenario> {
  await ensureBuilt(...(options.services.some((name) => name !== "web") ? ["services" as const] : []));
  if (options.services.includes("web")) await ensureBuilt("web");
  const natsUrl = options.cluster?.url ?? (await infrastructure()).natsUrl;
  const replicas = options.cluster?.nodes.length ?? 1;
  const names = cloudpaNames(uniqueName("f"), { partitions: options.partitions ?? DEFAULT_EVENT_PARTITIONS });
  const keys = testKeys();
  const duplicateWindowMs = options.duplicateWindowMs ?? 60 * 60 * 1000;
  const nc = await connect({
    ...natsServersOf(natsUrl),
    name: `faults-${names.namespace}`,
    // The harness outlives any node of a cluster: it moves to another one at once.
    ...(options.cluster ? { maxReconnectAttempts: -1, reconnectTimeWait: 250 } : {}),
  });
  // A fresh cluster answers JetStream requests only once it has elected its meta leader.
  if (options.cluster) await jetStreamAnswers(nc);
  await ensureStreams(nc, names, { duplicateWindowMs, replicas });
  const db = await testDatabase();
  await migrateReadModel(db.url);
  if (options.services.includes("web")) await migrateApp(db.url);
  const natsProxy = await tcpProxy(endpointOf(natsUrl.split(",")[0] as string, 4222));
  const postgresProxy = await tcpProxy(endpointOf(db.url, 5432));

  const ports = new Map<ServiceName, number>();
  for (const name of options.services) ports.set(name, await freePort());
  const ingressPort = ports.get("ingress") ?? (await freePort());
  const ingressUrl = `http://127.0.0.1:${ingressPort}`;
  const account = { accountSid: twilioSid("AC"), authToken: randomBytes(16).toString("hex") };
  const sim = await startTwilioSim({
    accounts: [account],
    numbers: [CHANNEL_NUMBER],
    inboundWebhookUrl: webhookUrlsFor(ingressUrl).inbound,
    statusDelayMs: options.statusDelayMs ?? 5,
  });

  const common: Record<string, string> = {
    ...keys.env,
    CLOUDPA_NAMESPACE: names.namespace,
    NATS_URL: options.cluster ? natsUrl : viaProxy(natsUrl, natsProxy),
    DATABASE_URL: viaProxy(db.url, postgresProxy),
    LOG_LEVEL: "info",
    DUPLICATE_WINDOW_MS: String(duplicateWindowMs),
    STREAM_REPLICAS: String(replicas),
    PUBLIC_BASE_URL: ingressUrl,
    ...(options.envChannel === false
      ? {}
      : {
          TWILIO_ACCOUNT_SID: account.accountSid,
          TWILIO_AUTH_TOKEN: account.authToken,
          TWILIO_WHATSAPP_FROM: CHANNEL_NUMBER,
        }),
    TWILIO_API_BASE_URL: sim.url,
    TWILIO_SIM_URL: sim.url,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    NODE_ENV: "production",
  };
  const services = new Map<ServiceName, ServiceProcess>();
  for (const name of options.services) {
    const port = name === "ingress" ? ingressPort : (ports.get(name) as number);
    const metricsPort = SERVICE_LAYOUT[name].metricsPortVar ? await freePort() : undefined;
    services.set(name, new ServiceProcess(name, port, { ...common, ...(options.env?.[name] ?? {}) }, metricsPort));
  }

  const stop = async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await sim.close();
    await natsProxy.close();
    await postgresProxy.close();
    const jsm = await jetstreamManager(nc);
    for (const stream of allSetUpStreamNames(names)) {
      await jsm.streams.delete(stream).catch(() => undefined);
    }
    await nc.close();
    await db.drop();
  };

  try {
    for (const service of services.values()) service.start();
    await Promise.all([...services.values()].map((service) => service.ready()));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    names,
    keys,
    db,
    nc,
    natsProxy,
    postgresProxy,
    sim,
    account,
    services,
    service(name) {
      const service = services.get(name);
      if (!service) throw new Error(`${name} is not part of this scenario`);
      return service;
    },
    ingressUrl,
    logs: () => [...services.values()].flatMap((service) => service.logs),
    stop,
  };
}
