import { shownUnreadCount } from "#app/notifications/unread-badge.ts";

/**
 * The tab's icon (issue 15): a teal rounded square with a white speech bubble on a 32-unit grid
 * (app/pwa/app-icon-png.server.ts draws the installed app's icons from the same shapes), with a red
 * badge holding a count when a route gives one. The root document renders it from the routes'
 * loader data, in the same render as the title: the page as served already shows the count, and
 * the title and the icon change together, never one before the other.
 */
const SHAPES = "<rect width='32' height='32' rx='8' fill='#0f766e'/><path d='M9 11h14v9H14l-5 4z' fill='white'/>";

/** The favicon as an SVG data URL (the CSP's img-src allows data:); a count above 0 is shown on a badge, at most "99+" (unread-badge.ts). */
export function faviconHref(count = 0): string {
  let badge = "";
  if (count > 0) {
    const text = shownUnreadCount(count);
    const size = text.length > 2 ? 11 : 14;
    badge =
      "<circle cx='23' cy='9' r='9' fill='#dc2626'/>" +
      `<text x='23' y='13.5' font-family='Arial,sans-serif' font-size='${size}' font-weight='700' fill='white' text-anchor='middle'>${text}</text>`;
  }
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>${SHAPES}${badge}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** What a route's `handle` exports to put a count on the favicon: the count its loader's data holds. */
export interface FaviconHandle {
  faviconCount(data: unknown): number;
}

/** The count on the favicon: the deepest matched route's that gives one, else none. */
export function faviconCountOf(matches: readonly { handle?: unknown; data?: unknown }[]): number {
  let count = 0;
  for (const match of matches) {
    const handle = match.handle as Partial<FaviconHandle> | undefined;
    if (typeof handle?.faviconCount === "function") count = handle.faviconCount(match.data);
  }
  return count;
}
