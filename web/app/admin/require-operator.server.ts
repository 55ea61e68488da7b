import type { AppLoadContext } from "@remix-run/node";
import type { Account } from "#app/accounts/accounts.server.ts";
import { authenticate } from "#app/accounts/authenticate.server.ts";
import { isOperator } from "./operators.server.ts";

/**
 * The signed-in operator, or the 404 of a page that does not exist: for a normal user, a
 * visitor and an API token alike, so the admin pages neither show nor reveal anything.
 * Every admin loader calls this itself (Remix runs a layout's loader beside its children's,
 * not before them).
 */
export async function requireOperator(context: AppLoadContext, request: Request): Promise<Account> {
  const auth = await authenticate(context.web.db, request);
  if (auth?.via === "session" && (await isOperator(context.web.db, auth.account.userId))) return auth.account;
  throw new Response("Not Found", { status: 404 });
}
