import { isUuid } from "@cloudpa/contracts";
import { inboxSearchSchema } from "#app/inbox/inbox-search.ts";

/**
 * Which part of a conversation's history the view shows (issue 15), from its address: the
 * latest messages (none of these), the page before a cursor (`before`), after one (`after`),
 * or around a message (`at`: a search hit, the first unread). `find` searches the conversation;
 * it is not the list's `q`, which rides along in the same address (inbox.tsx's links).
 */
export type HistoryWindow =
  /** `asked`: the address said `at=latest` ("Jump to the latest"), so an unread message does not move the view. */
  | { kind: "latest"; asked?: true }
  | { kind: "before"; cursor: string }
  | { kind: "after"; cursor: string }
  | { kind: "at"; messageId: string };

export interface HistoryParams {
  window: HistoryWindow;
  /** The search in this conversation, trimmed; empty when none. */
  find: string;
}

const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

/** `at=latest`: the latest messages, asked for. */
export const LATEST = "latest";

/**
 * Reads the view's parameters; a value that is not one the server could have written is
 * ignored (a bad cursor shows the latest messages, as a first visit does).
 */
export function historyParamsOf(search: URLSearchParams): HistoryParams {
  const found = inboxSearchSchema.safeParse(search.get("find") ?? "");
  const find = found.success ? found.data : "";
  const at = search.get("at");
  const before = search.get("before");
  const after = search.get("after");
  const window: HistoryWindow =
    at !== null && isUuid(at)
      ? { kind: "at", messageId: at }
      : before !== null && CURSOR.test(before)
        ? { kind: "before", cursor: before }
        : after !== null && CURSOR.test(after)
          ? { kind: "after", cursor: after }
          : at === LATEST
            ? { kind: "latest", asked: true }
            : { kind: "latest" };
  return { window, find };
}
