import { type CloudpaEvent, type ProjectorEnv, parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { appendSigned, createLogger } from "@cloudpa/kit";
import { migrateReadModel, ReadModelWorkspace } from "@cloudpa/read-model";
import type { TestKeys, TestNats } from "@cloudpa/testkit";
import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import pg from "pg";
import { createProjectorApp } from "../projector-app.js";

/** The projector's env for a test's namespace, database and keys. */
export function projectorEnvFor(
  nats: TestNats,
  databaseUrl: string,
  keys: TestKeys,
  overrides: Record<string, string> = {},
): ProjectorEnv {
  return parseEnv(projectorEnvSchema, {
    CLOUDPA_NAMESPACE: nats.names.namespace,
    NATS_URL: nats.url,
    DATABASE_URL: databaseUrl,
    EVENT_PUBLIC_KEYS: keys.env.EVENT_PUBLIC_KEYS,
    PROJECTOR_PORT: "0",
    LOG_LEVEL: "silent",
    ...overrides,
  });
}

export interface RunningProjector {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** Migrates the database and starts the projector in-process, listening on a free port. */
export async function startProjector(
  env: ProjectorEnv,
  options: { migrate?: boolean } = {},
): Promise<RunningProjector> {
  if (options.migrate !== false) await migrateReadModel(env.DATABASE_URL);
  const app = await createProjectorApp(env, { logger: createLogger("projector", env.LOG_LEVEL) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.getHttpServer().address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Appends events signed by the producer that owns each type. */
export async function appendEvents(nats: TestNats, keys: TestKeys, events: CloudpaEvent[]) {
  const keyOf = (event: CloudpaEvent) => {
    switch (event.type) {
      case "InboundMessageReceived":
      case "MessageStatusUpdated":
        return keys.signing.ingress;
      case "ReplySent":
      case "ReplyFailed":
        return keys.signing.outbound;
      case "ConversationRead":
      case "ChannelConnected":
      case "ChannelDisconnected":
        return keys.signing.web;
      default: {
        const unhandled: never = event;
        throw new Error(`no producer for ${(unhandled as { type: string }).type}`);
      }
    }
  };
  const acks = [];
  for (const event of events) acks.push(await appendSigned(nats.js, nats.names, event, keyOf(event)));
  return acks;
}

/** The pure fold of events: what the read model must equal. */
export function foldOf(events: CloudpaEvent[]): ReadModelWorkspace {
  const workspace = new ReadModelWorkspace();
  for (const event of events) workspace.project(event);
  return workspace;
}

export async function withClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function checkpointOf(databaseUrl: string, schema = "readmodel"): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const result = await client.query(
      `select last_seq from "${schema}".projection_checkpoint where projection = 'inbox'`,
    );
    return result.rows.length === 0 ? 0 : Number(result.rows[0].last_seq);
  });
}
