import { answeredWithinProbe } from "@cloudpa/kit";
import type { NatsConnection } from "@nats-io/transport-node";
import type pg from "pg";

export interface Readiness {
  ready: boolean;
  /** What `/readyz` answers: each dependency and whether it answers now. */
  body: { status: "ready" | "not ready"; checks: { nats: boolean; postgres: boolean } };
}

/** Whether a dependency answered within the probe budget (a probe that throws at once did not). */
async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  const answered = Promise.resolve()
    .then(probe)
    .then(() => true);
  return (await answeredWithinProbe(answered)) === true;
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
