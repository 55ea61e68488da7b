import { conversationView, type SqlQueryable } from "@cloudpa/read-model";
import { readsBeyondTheLatest, withHistory } from "#app/conversation/history/history.server.ts";
import { historyParamsOf } from "#app/conversation/history/history-params.ts";
import { readAtProjectionPosition } from "#app/live/projection-position.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { conversationExtras } from "./conversation-extras.server.ts";

/** withHistory's connection when it is to read nothing: a read there would be outside the view's snapshot. */
const NO_FURTHER_READS: SqlQueryable = {
  query: () => Promise.reject(new Error("the conversation's view was read in one statement: nothing reads after it")),
};

/**
 * The conversation as its view shows it (issue 15), in one snapshot at a known projection
 * position (docs/decisions/007): the page, its first unread message, notes and contact card are
 * ONE statement (conversationView) that also selects the checkpoint, so the latest page costs one
 * round trip (issue 16). A window of the history or a search asked by the address adds
 * statements: then the view and they are read in readAtProjectionPosition's transaction.
 * `value` is undefined when the org has no such conversation (the caller's 404).
 */
export async function conversationViewAtPosition(
  web: WebContext,
  input: { orgId: string; userId: string; conversationId: string; url: string },
) {
  const scope = { orgId: input.orgId, conversationId: input.conversationId, schema: web.readModelSchema };
  const partition = web.names.partitionOf(input.orgId);
  const shown = async (db: SqlQueryable, view: Awaited<ReturnType<typeof conversationView>>) =>
    view && {
      // The window of its whole history the address asks for, and its search (issue 15).
      ...(await withHistory(db, view.page, {
        orgId: input.orgId,
        schema: web.readModelSchema,
        url: input.url,
        firstUnreadId: view.firstUnreadId,
      })),
      extras: conversationExtras(view, input.userId),
    };
  if (readsBeyondTheLatest(historyParamsOf(new URL(input.url).searchParams)))
    return readAtProjectionPosition(web.db, web.readModelSchema, partition, async (snapshot) =>
      shown(snapshot, await conversationView(snapshot, scope)),
    );
  const view = await conversationView(web.db, { ...scope, positionOf: { partition } });
  // No row, no position: the conversation is not found whatever the position.
  return { position: view?.position ?? 0, value: await shown(NO_FURTHER_READS, view) };
}
