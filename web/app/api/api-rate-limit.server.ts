import type { WebEnv } from "@cloudpa/contracts";
import { RATE_LIMITS, type Turn, takeTurn } from "#app/accounts/rate-limit.server.ts";
import type { Queryable } from "#app/db/queryable.server.ts";

/**
 * One turn of the JSON API's budgets: the client address's always, and the caller's (its token,
 * or the signed-in user) when it is known. Unauthenticated requests spend the address's only.
 */
export function takeApiTurn(
  db: Queryable,
  limits: Pick<WebEnv, "WEB_API_LIMIT_PER_TOKEN" | "WEB_API_LIMIT_PER_ADDRESS">,
  input: { clientIp: string; limitKey: string | undefined },
): Promise<Turn> {
  const { windowMinutes } = RATE_LIMITS.api;
  const perCaller = limits.WEB_API_LIMIT_PER_TOKEN;
  const perClient = limits.WEB_API_LIMIT_PER_ADDRESS;
  return takeTurn(db, [
    { key: `api-ip:${input.clientIp}`, limit: perClient, windowMinutes },
    ...(input.limitKey ? [{ key: `api-${input.limitKey}`, limit: perCaller, windowMinutes }] : []),
  ]);
}
