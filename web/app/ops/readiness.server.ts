import type { NatsConnection } from "@nats-io/transport-node";
import type pg from "pg";

/** A probe that has not answered by then counts as not ready: readiness must answer fast. */
const CHECK_TIMEOUT_MS = 2_000;

export interface Readiness {
  ready: boolean;
  /** What `/readyz` answers: each dependency and whether it answers now. */
  body: { status: "ready" | "not ready"; checks: { nats: boolean; postgres: boolean } };
}

async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The web's `/readyz`, as the services' (services/lib/kit ops.controller.ts) answer it: ready when
 * Postgres answers a query and the NATS connection is up (a round trip; it throws at once while
 * disconnected).
 */
export async function webReadiness({ db, nc }: { db: pg.Pool; nc: NatsConnection }): Promise<Readiness> {
  const [nats, postgres] = await Promise.all([answers(() => nc.rtt()), answers(() => db.query("select 1"))]);
  const ready = nats && postgres;
  return { ready, body: { status: ready ? "ready" : "not ready", checks: { nats, postgres } } };
}
