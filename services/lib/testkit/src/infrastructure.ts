import { execFileSync } from "node:child_process";

export interface Infrastructure {
  natsUrl: string;
  databaseUrl: string;
}

let started: Promise<Infrastructure> | undefined;

function dockerAvailable(): boolean {
  try {
    execFileSync("docker", ["info"], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the integration tests find NATS and Postgres: `NATS_URL` / `DATABASE_URL` when set;
 * otherwise containers started with testcontainers where Docker runs; otherwise a message
 * that says what to start.
 */
export function infrastructure(): Promise<Infrastructure> {
  const { NATS_URL, DATABASE_URL } = process.env;
  if (NATS_URL && DATABASE_URL) return Promise.resolve({ natsUrl: NATS_URL, databaseUrl: DATABASE_URL });
  started ??= startContainers();
  return started;
}

async function startContainers(): Promise<Infrastructure> {
  if (!dockerAvailable()) {
    throw new Error(
      "Integration tests need NATS with JetStream and PostgreSQL: set NATS_URL and DATABASE_URL " +
        "(e.g. nats://127.0.0.1:4222 and postgres://postgres@127.0.0.1:5432/postgres), or run Docker " +
        "so that testcontainers can start them. `npm test` sets both when they run locally.",
    );
  }
  const { GenericContainer, Wait } = await import("testcontainers");
  const nats = await new GenericContainer("nats:2.11")
    .withCommand(["-js"])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  const postgres = await new GenericContainer("postgres:16")
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: "trust" })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return {
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    databaseUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
  };
}
