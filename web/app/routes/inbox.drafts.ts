import type { LoaderFunctionArgs } from "@remix-run/node";
import { draftsKept } from "#app/conversation/drafts/drafts-kept.server.ts";
import { requireAccount } from "#app/web.server";

/** Which conversations of those a device keeps drafts to are still there (conversation/drafts/drafts-kept.ts). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const answer = await draftsKept(context.web, account.orgId, new URL(request.url).searchParams);
  const headers = { "cache-control": "private, no-store" };
  return "refused" in answer
    ? Response.json({ message: answer.refused }, { status: 400, headers })
    : Response.json(answer, { headers });
}
