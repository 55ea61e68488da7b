import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "#app/accounts/authenticate.server.ts";
import { liveEventStream } from "#app/live/live-stream.server.ts";

/** Server-sent events of the signed-in org's changes (see app/components/live-updates.tsx). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { web } = context;
  const auth = await authenticate(web.db, request);
  if (!auth) return new Response("Sign in first", { status: 401 });
  const { orgId } = auth.account;
  return liveEventStream({
    feed: web.live,
    orgId,
    subject: web.names.liveSubject(orgId),
    signal: request.signal,
    stillSignedIn: async () => (await authenticate(web.db, request))?.account.orgId === orgId,
    logger: web.logger,
  });
}
