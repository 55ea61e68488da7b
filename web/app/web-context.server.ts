import { type CloudpaNames, parseEnv, type WebEnv, webEnvSchema } from "@cloudpa/contracts";
import { createLogger, type Logger, type Registry, ServiceNats } from "@cloudpa/kit";
import { READ_MODEL_SCHEMA } from "@cloudpa/read-model";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type pg from "pg";
import { webPool } from "#app/db/web-pool.server.ts";
import { LiveFeed } from "#app/live/live-feed.server.ts";
import { projectionPosition } from "#app/live/projection-position.server.ts";
import { createWebMetrics } from "#app/ops/web-metrics.server.ts";
import { reachedOverTls } from "#app/security/reached-over-tls.ts";

/** Everything a loader, action or API handler needs; built once per process. */
export interface WebContext {
  env: WebEnv;
  db: pg.Pool;
  nc: NatsConnection;
  js: JetStreamClient;
  kv: KV;
  names: CloudpaNames;
  logger: Logger;
  /** Cookies marked Secure: where users reach the web over https (`reachedOverTls`), whatever NODE_ENV says. */
  secureCookies: boolean;
  /** Schema of the projected tables. */
  readModelSchema: string;
  /** What the live event streams subscribe to, and the projection position they report. */
  live: LiveFeed;
  /** What `/metrics` serves. */
  metrics: Registry;
  close(): Promise<void>;
}

export function parseWebEnv(env: Record<string, string | undefined> = process.env): WebEnv {
  return parseEnv(webEnvSchema, env);
}

/** Connects NATS (the streams checked: the set-up step creates them, not the web) and Postgres. */
export async function createWebContext(env: WebEnv): Promise<WebContext> {
  const logger = createLogger("web", env.LOG_LEVEL);
  const nats = await ServiceNats.connect(env, { clientName: "cloudpa-web", logger });
  const { nc, jsm, names } = nats;
  const kv = await nats.bucket(names.channelsBucket);
  const db = webPool(env.DATABASE_URL);
  db.on("error", (error) => logger.warn("idle Postgres client failed", { error: error.message }));
  const readModelSchema = READ_MODEL_SCHEMA;
  const live = new LiveFeed(nc, (orgId) => projectionPosition(db, readModelSchema, names.partitionOf(orgId)), logger);
  live.start();
  return {
    env,
    db,
    nc,
    js: nats.js,
    kv,
    names,
    logger,
    secureCookies: reachedOverTls(env.WEB_PUBLIC_URL),
    readModelSchema,
    live,
    metrics: createWebMetrics(live, jsm, names),
    async close() {
      await nats.close();
      await db.end();
    },
  };
}
