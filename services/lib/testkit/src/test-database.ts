import pg from "pg";
import { infrastructure } from "./infrastructure.js";
import { uniqueName } from "./unique-name.js";

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database (closing any connection still open to it). */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of its own for one test (file), on the server of DATABASE_URL. */
export async function testDatabase(): Promise<TestDatabase> {
  const { databaseUrl } = await infrastructure();
  const name = uniqueName("cloudpa_t");
  await onServer(databaseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(databaseUrl, name),
    name,
    drop: () =>
      onServer(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
