import pg from "pg";
import { describe, expect, it } from "vitest";
import { infrastructure } from "./infrastructure.js";
import { testDatabase } from "./test-database.js";

/** A client on the database that records what the server tells it as an error instead of throwing it. */
async function connectedClient(url: string) {
  const client = new pg.Client({ connectionString: url });
  const errors: string[] = [];
  client.on("error", (error: Error & { code?: string }) => errors.push(error.code ?? error.message));
  await client.connect();
  await client.query("select 1");
  return { client, errors };
}

describe("a test database's drop", () => {
  it("lets a connection that is closing close, instead of terminating it under the pool that ended it", async () => {
    const db = await testDatabase();
    const { client, errors } = await connectedClient(db.url);
    const dropped = db.drop();
    // The connection goes while the drop waits (as an ended pool's do, a moment after end() resolved).
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.end();
    await dropped;
    expect(errors).toEqual([]);
  });

  it("still forces a connection left open, and drops the database", async () => {
    const db = await testDatabase();
    const { client, errors } = await connectedClient(db.url);
    await db.drop();
    const admin = new pg.Client({ connectionString: (await infrastructure()).databaseUrl });
    await admin.connect();
    const { rows } = await admin.query("select 1 from pg_database where datname = $1", [db.name]);
    await admin.end();
    expect(rows).toEqual([]);
    // Terminated by the administrator's command (the connection's end follows as a second error).
    await expect.poll(() => errors[0]).toBe("57P01");
    await client.end().catch(() => undefined);
  });
});
