import type { Queryable } from "#app/db/queryable.server.ts";
import { type Budget, forgiveTurn, RATE_LIMITS, takeTurn } from "./rate-limit.server.ts";

/**
 * Log-in attempts allowed per window: per account (from browsers it does not know), per known
 * device, and per client address across every account. A known device never counts against
 * its account, so no stranger can lock the owner out of their own browser (OWASP's device
 * cookies); the address limit holds for everyone.
 */
export const LOGIN_LIMITS = RATE_LIMITS.login;

export interface LoginAttempt {
  /** The email as typed, normalised by loginSchema. */
  emailKey: string;
  clientIp: string;
  /** The known-device id of this browser for this account, when it has a valid one. */
  deviceId: string | undefined;
}

export type LoginTurn = { allowed: true; keys: string[] } | { allowed: false; retryAfterSeconds: number };

function budgetsOf(attempt: LoginAttempt): Budget[] {
  const { windowMinutes } = LOGIN_LIMITS;
  return [
    { key: `ip:${attempt.clientIp}`, limit: LOGIN_LIMITS.perClient, windowMinutes },
    attempt.deviceId
      ? { key: `device:${attempt.deviceId}`, limit: LOGIN_LIMITS.perDevice, windowMinutes }
      : { key: `account:${attempt.emailKey}`, limit: LOGIN_LIMITS.perAccount, windowMinutes },
  ];
}

/** Takes one attempt from the log-in budgets (see takeTurn: one statement, shared by every replica). */
export function takeLoginTurn(db: Queryable, attempt: LoginAttempt): Promise<LoginTurn> {
  return takeTurn(db, budgetsOf(attempt));
}

/**
 * After a correct password: the account's (or device's) earlier typos are forgiven and the
 * address gets its attempt back, so people who log in successfully never use up an office's
 * shared address.
 */
export async function settleLoginTurn(db: Queryable, keys: string[]): Promise<void> {
  await forgiveTurn(db, {
    clear: keys.filter((key) => !key.startsWith("ip:")),
    refund: keys.filter((key) => key.startsWith("ip:")),
  });
}
