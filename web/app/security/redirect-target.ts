/** Any origin works as the base: only whether the target stays on it matters. */
const SITE = "http://site.invalid";

/**
 * Where a client may send the browser next (after log-in): a path on this site, parsed the
 * way a browser parses it and re-serialised, so tabs, newlines, backslashes and `/./` tricks
 * that a browser would turn into another host never survive. Anything else is `fallback`.
 */
export function safeRedirectTarget(value: FormDataEntryValue | string | null, fallback = "/inbox"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  let target: URL;
  try {
    target = new URL(value, SITE);
  } catch {
    return fallback;
  }
  // A pathname that starts with `//` reads as another host once it is the Location.
  if (target.origin !== SITE || target.pathname.startsWith("//")) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}
