import { isUuid } from "@cloudpa/contracts";
import { conversationPage, MessageCursorError, messagesBefore, searchConversation } from "@cloudpa/read-model";
import { apiMessageOf } from "#app/conversation/message-kinds/api-message.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { apiError, apiJson } from "./api-response.server.ts";
import { conversationQuerySchema } from "./history-api-schemas.ts";

/**
 * `GET /api/v1/messaging/conversations/:id` for an org (issue 15): the conversation with its
 * latest messages, or with the page before `before` (its `olderCursor`, walked back to the first
 * message), and with `q` the hits of a search in its text. 400 for a query that does not fit or
 * a cursor this server did not write; 404 for another org's or an unknown conversation.
 */
export async function conversationAnswer(
  web: WebContext,
  orgId: string,
  conversationId: string,
  url: URL,
): Promise<Response> {
  const query = conversationQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success)
    return apiError(400, "REQUEST.INVALID", query.error.issues.map((issue) => issue.message).join("; "));
  const { before, limit, q } = query.data;
  const scope = { orgId, conversationId, schema: web.readModelSchema };
  const page = isUuid(conversationId) ? await conversationPage(web.db, { ...scope, limit }) : undefined;
  if (!page) return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
  let messages = page.messages;
  let olderCursor = page.olderCursor;
  if (before !== undefined) {
    try {
      const older = await messagesBefore(web.db, { ...scope, before, limit });
      if (!older) return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
      messages = older.messages;
      olderCursor = older.olderCursor;
    } catch (error) {
      if (error instanceof MessageCursorError)
        return apiError(400, "HISTORY.BAD_CURSOR", "`before` is not an olderCursor this server gave");
      throw error;
    }
  }
  const search = q ? await searchConversation(web.db, { ...scope, search: q }) : undefined;
  const { orgId: _org, messages: _latest, olderCursor: _cursor, ...conversation } = page;
  return apiJson({
    conversation: {
      ...conversation,
      messages: messages.map(apiMessageOf),
      hasOlder: olderCursor !== undefined,
      olderCursor: olderCursor ?? null,
      ...(search
        ? {
            hits: search.hits.map(({ id, direction, body, sentAt }) => ({ id, direction, body, sentAt })),
            moreHits: search.more,
          }
        : {}),
    },
  });
}
