import { describe, expect, it } from "vitest";
import { safeRedirectTarget } from "./redirect-target.ts";

describe("the redirect target after log-in", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeRedirectTarget("/inbox/abc?filter=unread#top")).toBe("/inbox/abc?filter=unread#top");
  });

  it("falls back for anything a browser would read as another host", () => {
    for (const value of [
      "/\t/127.0.0.1:3002/",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\\evil.example",
      "//evil.example",
      "/.//evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "",
      null,
    ])
      expect(safeRedirectTarget(value), JSON.stringify(value)).toBe("/inbox");
  });

  it("gives a header-safe value for CR/LF, NUL and non-ASCII input", () => {
    for (const value of ["/inbox\r\nSet-Cookie: a=1", "/inbox\u0000", "/inbox/\u00e9t\u00e9?q=\u2603"]) {
      const target = safeRedirectTarget(value);
      expect(target).toMatch(/^\/[\x21-\x7e]*$/);
      expect(() => new Headers({ location: target })).not.toThrow();
    }
  });
});
