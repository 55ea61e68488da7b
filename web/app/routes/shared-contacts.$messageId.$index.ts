import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "#app/accounts/authenticate.server.ts";
import { sharedContactsOf } from "#app/conversation/message-kinds/shared-contacts.server.ts";

/** The contacts a customer shared (a vCard media item of a message of the account's org), parsed, as JSON. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = await authenticate(context.web.db, request);
  if (!auth) return new Response("Sign in first", { status: 401 });
  return sharedContactsOf(context.web, auth.account, params.messageId ?? "", Number(params.index));
}
