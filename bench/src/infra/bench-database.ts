import pg from "pg";
import { benchName, serverDatabaseUrl } from "./bench-env.js";

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
  return {
    url: withDatabase(serverDatabaseUrl, name),
    name,
    drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
