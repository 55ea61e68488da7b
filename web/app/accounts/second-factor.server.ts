import type { Queryable } from "#app/db/queryable.server.ts";
import { type Account, findAccount } from "./accounts.server.ts";
import { type CookieOptions, readCookie, serializeCookie } from "./sessions.server.ts";
import { newSecret, secretHash } from "./tokens.server.ts";

/** The cookie of a log-in whose password was right and whose second factor is still to come. */
export const SECOND_FACTOR_COOKIE = "cloudpa_second_factor";
/** Ten minutes to find the passkey or a recovery code, then the password again. */
export const SECOND_FACTOR_TTL_SECONDS = 600;
/** Wrong answers a pending log-in takes before it is dropped (the password is rate limited, this is not). */
export const SECOND_FACTOR_MAX_FAILURES = 5;

export async function secondFactorRequired(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query<{ required: boolean }>(
    "SELECT second_factor_required AS required FROM app.users WHERE id = $1",
    [userId],
  );
  return rows[0]?.required ?? false;
}

export async function setSecondFactorRequired(db: Queryable, userId: string, required: boolean): Promise<void> {
  await db.query("UPDATE app.users SET second_factor_required = $2 WHERE id = $1", [userId, required]);
}

export interface PendingLogin {
  /** The cookie's secret: also the attempt a second-factor challenge is bound to. */
  token: string;
  account: Account;
  redirectTo: string;
}

/** Records that `account` passed its password and now owes its second factor; returns the cookie's value. */
export async function beginSecondFactor(db: Queryable, account: Account, redirectTo: string): Promise<string> {
  const token = newSecret();
  await db.query("DELETE FROM app.second_factor_logins WHERE expires_at < now()");
  await db.query(
    `INSERT INTO app.second_factor_logins (token_hash, user_id, org_id, redirect_to, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [secretHash(token), account.userId, account.orgId, redirectTo, SECOND_FACTOR_TTL_SECONDS],
  );
  return token;
}

/** The live pending log-in of this request's cookie, if any. */
export async function pendingLoginOf(db: Queryable, request: Request): Promise<PendingLogin | undefined> {
  const token = readCookie(request, SECOND_FACTOR_COOKIE);
  if (!token) return undefined;
  const { rows } = await db.query<{ user_id: string; org_id: string; redirect_to: string }>(
    `SELECT user_id, org_id, redirect_to FROM app.second_factor_logins
      WHERE token_hash = $1 AND expires_at > now() AND failures < $2`,
    [secretHash(token), SECOND_FACTOR_MAX_FAILURES],
  );
  const row = rows[0];
  const account = row && (await findAccount(db, row.user_id, row.org_id));
  return row && account && { token, account, redirectTo: row.redirect_to };
}

/**
 * Ends a pending log-in that passed its second factor. True only for the one request that ends
 * it: two answers racing for one pending log-in make one session, not two.
 */
export async function completeSecondFactor(db: Queryable, pending: PendingLogin): Promise<boolean> {
  const { rowCount } = await db.query(
    "DELETE FROM app.second_factor_logins WHERE token_hash = $1 AND expires_at > now() AND failures < $2",
    [secretHash(pending.token), SECOND_FACTOR_MAX_FAILURES],
  );
  return (rowCount ?? 0) === 1;
}

/** Counts a wrong answer; returns how many more the pending log-in takes (0: it is over). */
export async function failSecondFactor(db: Queryable, pending: PendingLogin): Promise<number> {
  const { rows } = await db.query<{ failures: number }>(
    "UPDATE app.second_factor_logins SET failures = failures + 1 WHERE token_hash = $1 RETURNING failures",
    [secretHash(pending.token)],
  );
  return Math.max(0, SECOND_FACTOR_MAX_FAILURES - (rows[0]?.failures ?? SECOND_FACTOR_MAX_FAILURES));
}

export function secondFactorCookie(token: string, options: CookieOptions): string {
  return serializeCookie(SECOND_FACTOR_COOKIE, token, { ...options, maxAgeSeconds: SECOND_FACTOR_TTL_SECONDS });
}

export function clearedSecondFactorCookie(options: CookieOptions): string {
  return serializeCookie(SECOND_FACTOR_COOKIE, "", { ...options, maxAgeSeconds: 0 });
}

/** Why a second factor was passed: written to the log, so a used recovery code is on record. */
export type SecondFactorProof = "passkey" | "recovery-code";
