import { commandIdFor } from "@cloudpa/contracts";
import { errorContext } from "@cloudpa/kit";
import { data } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/** What the composer shows under a reply whose send was not confirmed, beside its Send again button. */
export const NOT_CONFIRMED_TEXT =
  "Not confirmed: Cloud PA could not reach its message store. Send again when you like: it goes out once at most.";

/** How long an API client is asked to wait before it sends again (Retry-After, seconds). */
export const NOT_CONFIRMED_RETRY_AFTER_SECONDS = 5;

/**
 * `send`, or what `unconfirmed` answers when it failed on our side (NATS did not confirm the
 * command, or Postgres did not answer): logged with the org, conversation and command id. The
 * command may have been stored all the same; sent again with the same id, JetStream and the
 * outbound each take it once. A Response thrown is an answer (404), not a failure.
 */
async function unlessFailedOnOurSide<T, U>(
  web: WebContext,
  { orgId, conversationId, commandId }: { orgId: string; conversationId: string; commandId: string | undefined },
  send: () => Promise<T>,
  unconfirmed: () => U,
): Promise<T | U> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof Response) throw error;
    web.logger.warn("send not confirmed; it can be sent again with the same id", {
      orgId,
      conversationId,
      commandId,
      ...errorContext(error),
    });
    return unconfirmed();
  }
}

/**
 * A reply or template the composer posted that failed on our side: the page is not replaced by an
 * error but the reply is marked not confirmed, with Send again, which posts the same form (the
 * same command id).
 */
export function unlessUnconfirmed<T>(
  web: WebContext,
  { orgId, conversationId, clientKey }: { orgId: string; conversationId: string; clientKey: string },
  send: () => Promise<T>,
) {
  // The id the command carries (decision 006): the pending reply gives way to its message by it.
  const commandId = commandIdFor(orgId, clientKey);
  return unlessFailedOnOurSide(web, { orgId, conversationId, commandId }, send, () =>
    data({ ok: false as const, retry: true as const, commandId, error: NOT_CONFIRMED_TEXT }, { status: 503 }),
  );
}

/**
 * An API send that failed on our side: 503 `SERVICE.UNAVAILABLE` with Retry-After, not a 500.
 * With an `Idempotency-Key` the client can safely send again; without one, the message says why
 * it should not.
 */
export function apiUnlessUnconfirmed(
  web: WebContext,
  request: Request,
  context: { orgId: string; conversationId: string },
  send: () => Promise<Response>,
): Promise<Response> {
  const clientKey = request.headers.get("idempotency-key") ?? undefined;
  const commandId = clientKey === undefined ? undefined : commandIdFor(context.orgId, clientKey);
  return unlessFailedOnOurSide(web, { ...context, commandId }, send, () =>
    apiError(
      503,
      "SERVICE.UNAVAILABLE",
      clientKey === undefined
        ? "Not confirmed: Cloud PA could not reach its message store, and the message may still go out. Sent again without an Idempotency-Key it could go out twice."
        : "Not confirmed: Cloud PA could not reach its message store, and the message may still go out. Send it again with the same Idempotency-Key: it goes out once at most.",
      { "retry-after": String(NOT_CONFIRMED_RETRY_AFTER_SECONDS) },
    ),
  );
}
