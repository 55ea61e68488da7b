import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { migrateReadModel } from "../orm.js";

/**
 * A fresh database with the read model's migrations applied, and a connection to it, for the
 * tests of the describe block it is called in; closed and dropped after them.
 */
export function migratedDatabase(): { readonly db: TestDatabase; readonly client: pg.Client } {
  let made: { db: TestDatabase; client: pg.Client } | undefined;
  beforeAll(async () => {
    const db = await testDatabase();
    await migrateReadModel(db.url);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    made = { db, client };
  });
  afterAll(async () => {
    await made?.client.end();
    await made?.db.drop();
  });
  const current = () => {
    if (!made) throw new Error("the database is read before it was made: read it inside a hook or a test");
    return made;
  };
  return {
    get db() {
      return current().db;
    },
    get client() {
      return current().client;
    },
  };
}
