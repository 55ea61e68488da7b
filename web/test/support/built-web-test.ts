import type { TestKeys } from "@cloudpa/testkit";
import pg from "pg";
import { type RunningWeb, startBuiltWeb } from "./start-web.ts";
import { type WebTestGround, webTestGround } from "./web-test-ground.ts";

export interface BuiltWebTest extends WebTestGround {
  /** The built web server, a process of its own (`node web/server.js`). */
  web: RunningWeb;
  /** A small pool on the test's database, for what the spec seeds and reads back. */
  db: pg.Pool;
  /** Stops the server, ends the pool, deletes the streams and drops the database. */
  cleanup(): Promise<void>;
}

/** The built web server over a ground of its own (webTestGround): what a browser spec starts from. */
export async function builtWebTest(
  extra: Record<string, string> = {},
  { poolSize = 2, keys }: { poolSize?: number; keys?: TestKeys } = {},
): Promise<BuiltWebTest> {
  const ground = await webTestGround(extra, keys);
  let web: RunningWeb;
  try {
    web = await startBuiltWeb(ground.env);
  } catch (error) {
    await ground.clear();
    throw error;
  }
  const db = new pg.Pool({ connectionString: ground.database.url, max: poolSize });
  return {
    ...ground,
    web,
    db,
    async cleanup() {
      await web.stop();
      await db.end();
      await ground.clear();
    },
  };
}
