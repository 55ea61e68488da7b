import { type TestDatabase, type TestKeys, type TestNats, testDatabase, testKeys, testNats } from "@cloudpa/testkit";
import { createWebContext, parseWebEnv, type WebContext } from "#app/web-context.server.ts";
import { migrateAll } from "./read-model-seed.ts";
import { webTestEnv } from "./web-env.ts";

export interface WebTestContext {
  web: WebContext;
  database: TestDatabase;
  nats: TestNats;
  keys: TestKeys;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A web context over a fresh, migrated database and a NATS namespace of its own. */
export async function webTestContext(extra: Record<string, string> = {}): Promise<WebTestContext> {
  const [database, nats] = await Promise.all([testDatabase(), testNats()]);
  const keys = testKeys();
  await migrateAll(database.url);
  const env = webTestEnv({
    databaseUrl: database.url,
    natsUrl: nats.url,
    namespace: nats.names.namespace,
    keys,
    extra,
  });
  const web = await createWebContext(parseWebEnv(env));
  return {
    web,
    database,
    nats,
    keys,
    env,
    async cleanup() {
      await web.close();
      await nats.cleanup();
      await database.drop();
    },
  };
}
