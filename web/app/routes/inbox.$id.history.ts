import { isUuid } from "@cloudpa/contracts";
import { MessageCursorError, messagesBefore } from "@cloudpa/read-model";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireAccount } from "#app/web.server";

/** A page of the past does not change with what the user does: it is never asked for again. */
export const shouldRevalidate = () => false;

/**
 * The page of a conversation's messages before `?before=<cursor>` (issue 15), for the view's
 * scroll upward: JSON, read by a fetcher. Another org's conversation is not found.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const conversationId = params.id ?? "";
  const before = new URL(request.url).searchParams.get("before") ?? "";
  if (!isUuid(conversationId)) throw new Response("Not found", { status: 404 });
  try {
    const page = await messagesBefore(context.web.db, {
      orgId: account.orgId,
      conversationId,
      before,
      schema: context.web.readModelSchema,
    });
    if (!page) throw new Response("Not found", { status: 404 });
    return { messages: page.messages, olderCursor: page.olderCursor ?? null };
  } catch (error) {
    if (error instanceof MessageCursorError) throw data({ error: error.message }, { status: 400 });
    throw error;
  }
}
