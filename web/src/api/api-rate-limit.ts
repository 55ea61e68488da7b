import { RATE_LIMITS, type Turn, takeTurn } from "../accounts/rate-limit.ts";
import type { Queryable } from "../db/queryable.ts";

/**
 * One turn of the JSON API's budgets: the client address's always, and the caller's (its token,
 * or the signed-in user) when it is known. Unauthenticated requests spend the address's only.
 */
export function takeApiTurn(db: Queryable, input: { clientIp: string; limitKey: string | undefined }): Promise<Turn> {
  const { perCaller, perClient, windowMinutes } = RATE_LIMITS.api;
  return takeTurn(db, [
    { key: `api-ip:${input.clientIp}`, limit: perClient, windowMinutes },
    ...(input.limitKey ? [{ key: `api-${input.limitKey}`, limit: perCaller, windowMinutes }] : []),
  ]);
}
