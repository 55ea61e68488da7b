/**
 * How long a new connection may wait for Postgres to accept it: a frozen Postgres (its process
 * stopped, the port still open) never answers, and pg would wait without end, a service's batch
 * or an operator's command with it. Past this the connect fails and its caller reports or retries.
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

/**
 * pg-pool's errors for a connection not made within `connectionTimeoutMillis`: a new one Postgres
 * did not accept, or a wait for a free one of a full pool.
 */
const CONNECT_TIMEOUT_MESSAGES = new Set([
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
]);

export function isConnectTimeout(error: unknown): boolean {
  return error instanceof Error && CONNECT_TIMEOUT_MESSAGES.has(error.message);
}
