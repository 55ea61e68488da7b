import pg from "pg";

/** A database made for one test file or one bench group, on a server the caller names. */
export interface ScratchDatabase {
  url: string;
  name: string;
  /** Drops the database, once the connections closing have closed (forcing any still open to it). */
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

/** How long a drop waits for a database's connections to go while none of them does. */
const CLOSING_PATIENCE_MS = 100;

/**
 * Waits until no connection to the database `name` is left, or until none has gone for
 * CLOSING_PATIENCE_MS (one a test left open, which the drop then forces). pg-pool's `end()` resolves
 * once it has asked its connections to close, before their backends have read the goodbye; a
 * `DROP DATABASE … WITH (FORCE)` right after terminates such a backend, whose FATAL 57P01 reaches the
 * ended pool as an 'error' event nothing listens to: an unhandled error in the spec's process (CI at
 * 73451fc, beside two CPU burners; a scratch loop of end-then-drop hit it in 2 and 4 of 150 rounds there).
 */
async function closingConnectionsGone(client: pg.Client, name: string): Promise<void> {
  let fewest = Number.POSITIVE_INFINITY;
  let fellAt = Date.now();
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = $1",
      [name],
    );
    const left = rows[0]?.n ?? 0;
    if (left === 0) return;
    if (left < fewest) {
      fewest = left;
      fellAt = Date.now();
    } else if (Date.now() - fellAt > CLOSING_PATIENCE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Creates the empty database `name` on the server of `serverUrl`. */
export async function scratchDatabase(serverUrl: string, name: string): Promise<ScratchDatabase> {
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () =>
      onServer(serverUrl, async (client) => {
        await closingConnectionsGone(client, name);
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
