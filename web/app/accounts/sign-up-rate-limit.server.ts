import type { Queryable } from "#app/db/queryable.server.ts";
import { RATE_LIMITS, type Turn, takeTurn } from "./rate-limit.server.ts";

/**
 * One turn of the sign-up budgets: the client address's and the typed email's. Both count every
 * valid sign-up, new email or not, so a 429 says nothing about whether an email has an account.
 */
export function takeSignUpTurn(db: Queryable, input: { clientIp: string; email: string }): Promise<Turn> {
  const { perClient, perEmail, windowMinutes } = RATE_LIMITS.signUp;
  return takeTurn(db, [
    { key: `signup-ip:${input.clientIp}`, limit: perClient, windowMinutes },
    { key: `signup-email:${input.email}`, limit: perEmail, windowMinutes },
  ]);
}
