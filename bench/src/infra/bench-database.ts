import pg from "pg";
import { benchName, serverDatabaseUrl } from "./bench-env.js";
import { onInterrupt } from "./interrupt.js";

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverDatabaseUrl, "postgres") });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A database of the run's own, dropped (with any connection left) at the end. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const name = benchName("cloudpa_bench_");
  await onServer(`CREATE DATABASE "${name}"`);
  const drop = () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const forget = onInterrupt(drop);
  return {
    url: withDatabase(serverDatabaseUrl, name),
    name,
    drop: async () => {
      forget();
      await drop();
    },
  };
}
