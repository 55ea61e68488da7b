import type { Queryable } from "../db/queryable.ts";

/** Failed log-ins allowed per window, per email and per client address. */
export const LOGIN_LIMITS = { perEmail: 5, perClient: 30, windowMinutes: 15 } as const;

export interface LoginBudget {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Whether another log-in may be tried now for this email from this client. */
export async function loginBudget(db: Queryable, emailKey: string, clientIp: string): Promise<LoginBudget> {
  const { rows } = await db.query<{ by_email: number; by_client: number; oldest: Date | null }>(
    `SELECT
       (SELECT count(*)::int FROM app.login_attempts
         WHERE email_key = $1 AND NOT succeeded AND attempted_at > now() - make_interval(mins => $3)) AS by_email,
       (SELECT count(*)::int FROM app.login_attempts
         WHERE client_ip = $2 AND NOT succeeded AND attempted_at > now() - make_interval(mins => $3)) AS by_client,
       (SELECT min(attempted_at) FROM app.login_attempts
         WHERE (email_key = $1 OR client_ip = $2) AND NOT succeeded
           AND attempted_at > now() - make_interval(mins => $3)) AS oldest`,
    [emailKey, clientIp, LOGIN_LIMITS.windowMinutes],
  );
  const row = rows[0];
  const allowed = !row || (row.by_email < LOGIN_LIMITS.perEmail && row.by_client < LOGIN_LIMITS.perClient);
  const retryAfterSeconds =
    allowed || !row?.oldest
      ? 0
      : Math.max(1, Math.ceil((row.oldest.getTime() + LOGIN_LIMITS.windowMinutes * 60_000 - Date.now()) / 1000));
  return { allowed, retryAfterSeconds };
}

export async function recordLoginAttempt(
  db: Queryable,
  emailKey: string,
  clientIp: string,
  succeeded: boolean,
): Promise<void> {
  await db.query("INSERT INTO app.login_attempts (email_key, client_ip, succeeded) VALUES ($1, $2, $3)", [
    emailKey,
    clientIp,
    succeeded,
  ]);
  // A successful log-in forgives the email's earlier typos.
  if (succeeded) await db.query("DELETE FROM app.login_attempts WHERE email_key = $1 AND NOT succeeded", [emailKey]);
}
