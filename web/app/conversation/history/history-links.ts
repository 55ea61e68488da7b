// The history's addresses and marks, for the browser too: nothing here may import contracts'
// index (it pulls in node:crypto), which is why the parsing of the parameters lives apart.

/** The names the view reads from its address (history-params.ts); every other parameter is the list's and is kept. */
export const HISTORY_PARAMS = ["before", "after", "at", "find"] as const;

/**
 * The view's address with `changes` applied: the list's parameters kept, the window's replaced
 * (a new window drops the old one's parameters), `find` kept unless changed.
 */
export function historyHref(
  path: string,
  current: URLSearchParams,
  changes: { before?: string; after?: string; at?: string; find?: string | undefined; hash?: string },
): string {
  const next = new URLSearchParams(current);
  for (const name of ["before", "after", "at"] as const) next.delete(name);
  for (const name of ["before", "after", "at"] as const) {
    const value = changes[name];
    if (value) next.set(name, value);
  }
  if ("find" in changes) {
    if (changes.find) next.set("find", changes.find);
    else next.delete("find");
  }
  const query = next.toString();
  return `${path}${query ? `?${query}` : ""}${changes.hash ? `#${changes.hash}` : ""}`;
}

/** The parts of a text around each case-insensitive occurrence of `find`, to mark the hits. */
export function highlightParts(text: string, find: string): { text: string; hit: boolean }[] {
  const needle = find.trim().toLocaleLowerCase();
  if (!needle) return [{ text, hit: false }];
  const haystack = text.toLocaleLowerCase();
  // Lower-casing keeps the length for what ILIKE matches here; when it does not, no marks.
  if (haystack.length !== text.length) return [{ text, hit: false }];
  const parts: { text: string; hit: boolean }[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), hit: false });
    parts.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), hit: false });
  return parts;
}
