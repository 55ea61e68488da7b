import type { Queryable } from "#app/db/queryable.server.ts";

/**
 * Every rate limit of the web, in one place: attempts per fixed window, per named budget. The
 * counters live in Postgres (app.login_limits), so every web replica draws on the same budget.
 * That table is UNLOGGED (decision 036): a turn commits without waiting for a WAL flush, and a
 * crash of Postgres starts every budget over.
 * - login: per account (from browsers it does not know), per known device, per client address.
 * - signUp: per client address and per email typed.
 * - api: per API token (or signed-in user) and per client address, for /api/v1/*.
 */
export const RATE_LIMITS = {
  login: { perAccount: 5, perDevice: 5, perClient: 30, windowMinutes: 15 },
  signUp: { perClient: 10, perEmail: 3, windowMinutes: 60 },
  // How many a minute is the deployment's choice: WEB_API_LIMIT_PER_TOKEN / _PER_ADDRESS.
  api: { windowMinutes: 1 },
} as const;

/** One budget a request draws on: its counter's key (named `<budget>:<subject>`), limit and window. */
export interface Budget {
  key: string;
  limit: number;
  windowMinutes: number;
}

export type Turn = { allowed: true; keys: string[] } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one attempt from every budget given, in one statement that increments and returns the
 * counts, so parallel requests (on any number of web replicas) cannot all pass one check. A
 * counter's window starts at its first attempt and ends `windowMinutes` later; Retry-After is
 * the latest end among the budgets that are spent, counted from the clock (`clock_timestamp()`),
 * not from this transaction's start (`now()`): a window opened by a request whose transaction
 * started later would otherwise end more than a window away (3601 s for an hour).
 */
export async function takeTurn(db: Queryable, budgets: readonly Budget[]): Promise<Turn> {
  // Sorted keys: two statements lock the rows they share in the same order, never a deadlock.
  const sorted = [...budgets].sort((a, b) => a.key.localeCompare(b.key));
  const { rows } = await db.query<{ key: string; attempts: number; retry_after: number }>({
    // Named (decision 034): every API request takes a turn, and its plan is the same for any keys.
    name: "take-rate-limit-turn",
    text: `INSERT INTO app.login_limits AS l (key, attempts, window_started_at, window_seconds)
     SELECT b.key, 1, now(), b.seconds FROM unnest($1::text[], $2::int[]) AS b(key, seconds)
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN l.window_started_at + make_interval(secs => l.window_seconds) <= now()
                       THEN 1 ELSE l.attempts + 1 END,
       window_started_at = CASE WHEN l.window_started_at + make_interval(secs => l.window_seconds) <= now()
                                THEN now() ELSE l.window_started_at END,
       window_seconds = CASE WHEN l.window_started_at + make_interval(secs => l.window_seconds) <= now()
                             THEN EXCLUDED.window_seconds ELSE l.window_seconds END
     RETURNING key, attempts,
       ceil(extract(epoch FROM l.window_started_at + make_interval(secs => l.window_seconds) - clock_timestamp()))::int
         AS retry_after`,
    values: [sorted.map((budget) => budget.key), sorted.map((budget) => budget.windowMinutes * 60)],
  });
  const over = rows.filter((row) => row.attempts > (sorted.find((b) => b.key === row.key)?.limit ?? 0));
  if (over.length === 0) return { allowed: true, keys: sorted.map((budget) => budget.key) };
  return { allowed: false, retryAfterSeconds: Math.max(1, ...over.map((row) => row.retry_after)) };
}

/**
 * Gives attempts back: `clear` counters are deleted (their window starts over), `refund` ones
 * get this attempt back. Counters whose window has ended are swept at the same time.
 */
export async function forgiveTurn(db: Queryable, forgive: { clear: string[]; refund: string[] }): Promise<void> {
  await db.query(
    `WITH forgiven AS (
       DELETE FROM app.login_limits
        WHERE key = ANY($1::text[]) OR window_started_at + make_interval(secs => window_seconds) <= now()
     )
     UPDATE app.login_limits SET attempts = greatest(attempts - 1, 0) WHERE key = ANY($2::text[])`,
    [forgive.clear, forgive.refund],
  );
}

/** "Too many attempts. Try again in 3 minutes." (or seconds, under a minute). */
export function tooManyMessage(retryAfterSeconds: number, what = "attempts"): string {
  if (retryAfterSeconds < 60)
    return `Too many ${what}. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
