import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../../src/accounts/authenticate.server.ts";
import { liveEventStream } from "../../src/live/live-stream.server.ts";

/** Server-sent events of the signed-in org's changes (see app/components/live-updates.tsx). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await authenticate(context.web.db, request);
  if (!auth) return new Response("Sign in first", { status: 401 });
  return liveEventStream(context.web.nc, context.web.names.liveSubject(auth.account.orgId), request.signal);
}
