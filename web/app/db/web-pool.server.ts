import pg from "pg";

/**
 * How long the web waits for Postgres. A page's queries take milliseconds (issue 16's loaders,
 * 1-5 ms), but a Postgres that is frozen, or cut off without a reset, never answers: without these
 * bounds every page waited for as long as that lasted (a freelancer's endless spinner, the pool's
 * clients stuck one by one). Past them the page answers "Something went wrong" and the client
 * that waited is dropped, not lent to the next page.
 */
export interface WebPostgresLimits {
  /** A new connection that has not been accepted by then fails. */
  connectMs: number;
  /** Postgres cancels a statement that runs longer (a slow query, a lock never released). */
  statementMs: number;
  /** The client gives up a statement Postgres has not answered by then (Postgres itself stopped). */
  answerMs: number;
}

const WEB_POSTGRES_LIMITS: WebPostgresLimits = { connectMs: 5_000, statementMs: 10_000, answerMs: 12_000 };

/** The web's Postgres pool, every statement within `limits`. */
export function webPool(databaseUrl: string, limits: WebPostgresLimits = WEB_POSTGRES_LIMITS): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: limits.connectMs,
    options: `-c statement_timeout=${limits.statementMs}`,
    query_timeout: limits.answerMs,
  });
}

/**
 * Ends a client's transaction and gives it back to the pool, or drops it when that fails: a client
 * whose statement was given up still waits for Postgres's answer, and would hold up the next page.
 */
export function endTransaction(client: pg.PoolClient, statement: "COMMIT" | "ROLLBACK"): Promise<void> {
  return client.query(statement).then(
    () => client.release(),
    (error: Error) => client.release(error),
  );
}
