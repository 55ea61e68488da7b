// The list's part of an inbox address, for the browser too. The list (search and filters) and the
// open conversation's window (history-links.ts) share one query string: /inbox/<id>?q=ada&at=<message>.

/** The names the list reads from its address (routes/inbox.tsx's loader). */
export const LIST_PARAMS = ["q", "filter", "view", "label"] as const;

/** What the list shows: each absent parameter is the list's default (everything, no search). */
export type ListChoice = { q?: string; filter?: "unread"; view?: "archived"; label?: string };

const isListParam = (name: string) => (LIST_PARAMS as readonly string[]).includes(name);

/**
 * The list's parameters of `search` alone, in one order, as `?…` or "": what carries the list to
 * another conversation, and what tells whether two addresses show the same list.
 */
export function listQueryOf(search: URLSearchParams): string {
  const list = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const value = search.get(name);
    if (value) list.set(name, value);
  }
  const query = list.toString();
  return query ? `?${query}` : "";
}

/** The parameters of `search` that are not the list's (the open conversation's window), to keep. */
export function paramsBesideTheList(search: URLSearchParams): [string, string][] {
  return [...search].filter(([name]) => !isListParam(name));
}

/**
 * `path` with the list's parameters set to `choice` and the rest of `current` kept: choosing a
 * filter leaves the open conversation open, where it was.
 */
export function listHref(path: string, current: URLSearchParams, choice: ListChoice): string {
  const next = new URLSearchParams(paramsBesideTheList(current));
  for (const name of LIST_PARAMS) {
    const value = choice[name];
    if (value) next.set(name, value);
  }
  const query = next.toString();
  return `${path}${query ? `?${query}` : ""}`;
}
