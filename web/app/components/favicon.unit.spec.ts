import { describe, expect, it } from "vitest";
import { type FaviconHandle, faviconCountOf, faviconHref } from "./favicon.ts";

const drawn = (href: string) => decodeURIComponent(href.replace(/^data:image\/svg\+xml,/, ""));
const inbox: FaviconHandle = { faviconCount: (data) => (data as { unread: number } | undefined)?.unread ?? 0 };

describe("the tab's favicon", () => {
  it("given no count, when drawn, then it is the app's icon without a badge", () => {
    const svg = drawn(faviconHref());
    expect(svg).toContain("<path d='M9 11h14v9H14l-5 4z' fill='white'/>");
    expect(svg).not.toContain("<circle");
    expect(faviconHref(0)).toBe(faviconHref());
  });

  it("given a count, when drawn, then a badge holds it, at most 99+", () => {
    expect(drawn(faviconHref(3))).toMatch(/<circle[^>]*\/><text[^>]*font-size='14'[^>]*>3<\/text><\/svg>$/);
    expect(drawn(faviconHref(99))).toContain(">99</text>");
    expect(drawn(faviconHref(100))).toMatch(/font-size='11'[^>]*>99\+<\/text>/);
  });

  it("given the routes of a page, when one gives a count in its handle, then the favicon shows it from its data", () => {
    const root = { handle: undefined, data: { csrf: "x" } };
    expect(faviconCountOf([root])).toBe(0);
    expect(faviconCountOf([root, { handle: inbox, data: { unread: 2 } }, { handle: {}, data: {} }])).toBe(2);
    // An error page's data may be missing: no count.
    expect(faviconCountOf([root, { handle: inbox, data: undefined }])).toBe(0);
  });
});
