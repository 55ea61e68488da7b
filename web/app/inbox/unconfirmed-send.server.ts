import { commandIdFor } from "@cloudpa/contracts";
import { errorContext } from "@cloudpa/kit";
import { data } from "@remix-run/node";
import type { WebContext } from "#app/web-context.server.ts";

/** What the composer shows under a reply whose send was not confirmed, beside its Send again button. */
export const NOT_CONFIRMED_TEXT =
  "Not confirmed: Cloud PA could not reach its message store. Send again when you like: it goes out once at most.";

/**
 * A reply or template the composer posted that failed on our side (NATS did not confirm the
 * command, or Postgres did not answer): it may have been stored all the same, so the page is not
 * replaced by an error but the reply is marked not confirmed, with Send again. Sent again with the
 * same form, it carries the same command id, which JetStream and the outbound each take once.
 */
export async function unlessUnconfirmed<T>(
  web: WebContext,
  { orgId, conversationId, clientKey }: { orgId: string; conversationId: string; clientKey: string },
  send: () => Promise<T>,
) {
  try {
    return await send();
  } catch (error) {
    if (error instanceof Response) throw error; // an answer (404), not a failure
    // The id the command carries (decision 006): the pending reply gives way to its message by it.
    const commandId = commandIdFor(orgId, clientKey);
    web.logger.warn("reply not confirmed; the composer offers to send it again", {
      orgId,
      conversationId,
      commandId,
      ...errorContext(error),
    });
    return data({ ok: false as const, retry: true as const, commandId, error: NOT_CONFIRMED_TEXT }, { status: 503 });
  }
}
