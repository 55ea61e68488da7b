import {
  type ConversationPage,
  type HistoryPage,
  MessageCursorError,
  messagesAfter,
  messagesAround,
  messagesBefore,
  type SqlQueryable,
  searchConversation,
} from "@cloudpa/read-model";
import { redirect } from "@remix-run/node";
import { historyHref } from "./history-links.ts";
import { type HistoryParams, historyParamsOf } from "./history-params.ts";

/** How many messages the view shows when it opens away from the latest (around a hit or the first unread). */
export const WINDOW_MESSAGES = 100;

/** What the conversation view knows of its history besides the messages it shows (issue 15). */
export interface ConversationHistory {
  /** Where the page before the first shown message ends; null when the first message is shown. */
  olderCursor: string | null;
  /** Where the page after the last shown message starts; null when the latest message is shown. */
  newerCursor: string | null;
  /** The first message not yet read, as the conversation was opened; null when all are read. */
  firstUnreadId: string | null;
  /** The message to scroll to: the one asked for (`at`), else the first unread. */
  focusId: string | null;
  /** The conversation's search (`find`) and its hits, newest first. */
  find: string;
  hits: { id: string; direction: string; body: string; sentAt: Date }[];
  moreHits: boolean;
}

async function windowOf(
  db: SqlQueryable,
  scope: { orgId: string; conversationId: string; schema: string },
  window: ReturnType<typeof historyParamsOf>["window"],
): Promise<HistoryPage | undefined> {
  try {
    if (window.kind === "before") return await messagesBefore(db, { ...scope, before: window.cursor });
    if (window.kind === "after") return await messagesAfter(db, { ...scope, after: window.cursor });
    if (window.kind === "at")
      return await messagesAround(db, { ...scope, messageId: window.messageId, limit: WINDOW_MESSAGES });
    return undefined;
  } catch (error) {
    // A cursor this server did not write shows the latest messages, as a first visit does.
    if (error instanceof MessageCursorError) return undefined;
    throw error;
  }
}

/**
 * Whether the address asks for more than the latest page: a window of the history or a search,
 * which withHistory reads with statements of its own (issue 16: without them it reads nothing).
 */
export function readsBeyondTheLatest(params: HistoryParams): boolean {
  return params.window.kind !== "latest" || params.find !== "";
}

/**
 * The conversation's page as its address asks (issue 15): the latest messages, or a window of
 * its history (`before`, `after`, `at`), opened at the first unread message when that is older
 * than the latest page (`firstUnreadId`, read with the page); with the conversation's search hits.
 * Runs in the loader's snapshot.
 */
export async function withHistory(
  db: SqlQueryable,
  page: ConversationPage,
  input: { orgId: string; schema: string; url: string; firstUnreadId: string | null },
): Promise<ConversationPage & { history: ConversationHistory }> {
  const params = historyParamsOf(new URL(input.url).searchParams);
  const scope = { orgId: input.orgId, conversationId: page.id, schema: input.schema };
  const { firstUnreadId } = input;
  const window = await windowOf(db, scope, params.window);
  const opensAtUnread = params.window.kind === "latest" && !params.window.asked;
  if (opensAtUnread && firstUnreadId && !page.messages.some((message) => message.id === firstUnreadId)) {
    // The first unread is older than the latest page: the view opens there, its address pinned
    // at it (a redirect, before anything is shown), so the reload that follows reading it keeps it.
    const url = new URL(input.url);
    throw redirect(historyHref(url.pathname, url.searchParams, { at: firstUnreadId }));
  }
  const search = params.find
    ? await searchConversation(db, { ...scope, search: params.find })
    : { hits: [], more: false };
  const focusId = params.window.kind === "at" && window ? params.window.messageId : firstUnreadId;
  const history: ConversationHistory = {
    olderCursor: (window ? window.olderCursor : page.olderCursor) ?? null,
    newerCursor: window?.newerCursor ?? null,
    firstUnreadId,
    focusId,
    find: params.find,
    hits: search.hits.map((hit) => ({ id: hit.id, direction: hit.direction, body: hit.body, sentAt: hit.sentAt })),
    moreHits: search.more,
  };
  if (!window) return { ...page, history };
  return {
    ...page,
    messages: window.messages,
    hasOlder: window.olderCursor !== undefined,
    olderCursor: window.olderCursor,
    history,
  };
}
