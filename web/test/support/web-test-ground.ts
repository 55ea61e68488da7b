import { type TestDatabase, type TestKeys, type TestNats, testDatabase, testKeys, testNats } from "@cloudpa/testkit";
import { migrateAll } from "./read-model-seed.ts";
import { webTestEnv } from "./web-env.ts";

/** What a web under test stands on: a database, a NATS namespace and keys of its own, and the env naming them. */
export interface WebTestGround {
  database: TestDatabase;
  nats: TestNats;
  keys: TestKeys;
  /** The env a web server reads on this ground, `extra` over it. */
  env: Record<string, string>;
  /** Deletes the namespace's streams and drops the database. */
  clear(): Promise<void>;
}

/**
 * A fresh database migrated as `npm start` migrates it, a NATS namespace and keys of its own (or
 * the spec's, when its env names them: the events' public keys, say).
 */
export async function webTestGround(extra: Record<string, string> = {}, keys = testKeys()): Promise<WebTestGround> {
  const [database, nats] = await Promise.all([testDatabase(), testNats()]);
  const clear = async () => {
    await nats.cleanup();
    await database.drop();
  };
  try {
    await migrateAll(database.url);
  } catch (error) {
    await clear();
    throw error;
  }
  const env = webTestEnv({
    databaseUrl: database.url,
    natsUrl: nats.url,
    namespace: nats.names.namespace,
    keys,
    extra,
  });
  return { database, nats, keys, env, clear };
}
