/**
 * How long a new connection may wait for Postgres to accept it: a frozen Postgres (its process
 * stopped, the port still open) never answers, and pg would wait without end, a service's batch,
 * an operator's command or a migration with it. Past this the connect fails and its caller reports or retries.
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

/**
 * pg's errors for a connection not made within `connectionTimeoutMillis`: a client's own connect
 * (pg.Client), a new one of a pool Postgres did not accept, or a wait for a free one of a full pool.
 */
const CONNECT_TIMEOUT_MESSAGES = new Set([
  "timeout expired",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
]);

export function isConnectTimeout(error: unknown): boolean {
  return error instanceof Error && CONNECT_TIMEOUT_MESSAGES.has(error.message);
}
