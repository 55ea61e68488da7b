import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "#app/accounts/authenticate.server.ts";
import { proxyMedia } from "#app/media/media-proxy.server.ts";

/** A message's media, fetched from Twilio with the channel's credentials (never sent anywhere else). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = await authenticate(context.web.db, request);
  if (!auth) return new Response("Sign in first", { status: 401 });
  return proxyMedia(context.web, auth.account, params.messageId ?? "", Number(params.index));
}
