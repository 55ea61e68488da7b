/**
 * Whether Postgres refused the rows themselves (data exception 22xxx, integrity violation
 * 23xxx, a limit like an oversized index row 54xxx): retrying cannot help, so the event that
 * produced them is quarantined. Anything else (connection lost, shutdown, serialization) is
 * retried.
 */
export function isRowRejection(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^(22|23|54)/.test(code);
}
