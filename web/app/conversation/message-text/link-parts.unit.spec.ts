import { describe, expect, it } from "vitest";
import { linkParts } from "./link-parts.ts";

describe("a message's links", () => {
  it("cuts a text into plain runs and links, its own text kept", () => {
    const text = "See https://example.com/quote?id=7, or www.example.org and mail ada@example.com.";
    const parts = linkParts(text);
    expect(parts).toEqual([
      { text: "See " },
      { text: "https://example.com/quote?id=7", href: "https://example.com/quote?id=7" },
      { text: ", or " },
      { text: "www.example.org", href: "http://www.example.org" },
      { text: " and mail " },
      { text: "ada@example.com", href: "mailto:ada@example.com" },
      { text: "." },
    ]);
    expect(parts.map((part) => part.text).join("")).toBe(text);
  });

  it("offers only web and mail links", () => {
    expect(linkParts("ftp://files.example.com/a and //example.com/b")).toEqual([
      { text: "ftp://files.example.com/a and //example.com/b" },
    ]);
    expect(linkParts("javascript:alert(1)")).toEqual([{ text: "javascript:alert(1)" }]);
  });

  it("keeps a text without links whole, and an empty one as one empty run", () => {
    expect(linkParts("Can you come Tuesday?")).toEqual([{ text: "Can you come Tuesday?" }]);
    expect(linkParts("")).toEqual([{ text: "" }]);
  });
});
