import type { Queryable } from "../db/queryable.ts";

/**
 * Log-in attempts allowed per window: per account (from browsers it does not know), per known
 * device, and per client address across every account. A known device never counts against
 * its account, so no stranger can lock the owner out of their own browser (OWASP's device
 * cookies); the address limit holds for everyone.
 */
export const LOGIN_LIMITS = { perAccount: 5, perDevice: 5, perClient: 30, windowMinutes: 15 } as const;

export interface LoginAttempt {
  /** The email as typed, normalised by loginSchema. */
  emailKey: string;
  clientIp: string;
  /** The known-device id of this browser for this account, when it has a valid one. */
  deviceId: string | undefined;
}

export type LoginTurn = { allowed: true; keys: string[] } | { allowed: false; retryAfterSeconds: number };

function keysOf(attempt: LoginAttempt): { key: string; limit: number }[] {
  return [
    { key: `ip:${attempt.clientIp}`, limit: LOGIN_LIMITS.perClient },
    attempt.deviceId
      ? { key: `device:${attempt.deviceId}`, limit: LOGIN_LIMITS.perDevice }
      : { key: `account:${attempt.emailKey}`, limit: LOGIN_LIMITS.perAccount },
  ];
}

/**
 * Takes one attempt from every budget it draws on, in one statement that increments and
 * returns the counts, so parallel requests (on any number of web replicas) cannot all pass
 * one check. A counter's window starts at its first attempt and ends `windowMinutes` later.
 */
export async function takeLoginTurn(db: Queryable, attempt: LoginAttempt): Promise<LoginTurn> {
  // Sorted keys: two statements lock the rows they share in the same order, never a deadlock.
  const budgets = keysOf(attempt).sort((a, b) => a.key.localeCompare(b.key));
  const { rows } = await db.query<{ key: string; attempts: number; retry_after: number }>(
    `INSERT INTO app.login_limits AS l (key, attempts, window_started_at)
     SELECT key, 1, now() FROM unnest($1::text[]) AS key
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN l.window_started_at <= now() - make_interval(mins => $2) THEN 1 ELSE l.attempts + 1 END,
       window_started_at = CASE WHEN l.window_started_at <= now() - make_interval(mins => $2)
                                THEN now() ELSE l.window_started_at END
     RETURNING key, attempts,
       ceil(extract(epoch FROM l.window_started_at + make_interval(mins => $2) - now()))::int AS retry_after`,
    [budgets.map((budget) => budget.key), LOGIN_LIMITS.windowMinutes],
  );
  const over = rows.filter((row) => row.attempts > (budgets.find((b) => b.key === row.key)?.limit ?? 0));
  if (over.length === 0) return { allowed: true, keys: budgets.map((budget) => budget.key) };
  return { allowed: false, retryAfterSeconds: Math.max(1, ...over.map((row) => row.retry_after)) };
}

/**
 * After a correct password: the account's (or device's) earlier typos are forgiven and the
 * address gets its attempt back, so people who log in successfully never use up an office's
 * shared address. Counters whose window has ended are swept at the same time.
 */
export async function settleLoginTurn(db: Queryable, keys: string[]): Promise<void> {
  await db.query(
    `WITH forgiven AS (
       DELETE FROM app.login_limits
        WHERE (key = ANY($1::text[]) AND key NOT LIKE 'ip:%')
           OR window_started_at <= now() - make_interval(mins => $2)
     )
     UPDATE app.login_limits SET attempts = greatest(attempts - 1, 0)
      WHERE key = ANY($1::text[]) AND key LIKE 'ip:%'`,
    [keys, LOGIN_LIMITS.windowMinutes],
  );
}
