import { describe, expect, it } from "vitest";
import { conversationIdOfLink, steppedIndex } from "./shortcut-target.ts";

describe("inbox keyboard shortcuts' pure parts (issue 15)", () => {
  it("j and k step through the list, kept within it; from nothing, j starts at the top and k at the bottom", () => {
    expect(steppedIndex(-1, 1, 3)).toBe(0);
    expect(steppedIndex(-1, -1, 3)).toBe(2);
    expect(steppedIndex(0, 1, 3)).toBe(1);
    expect(steppedIndex(2, 1, 3)).toBe(2);
    expect(steppedIndex(0, -1, 3)).toBe(0);
    expect(steppedIndex(-1, 1, 0)).toBe(-1);
  });

  it("reads a conversation's id from a list link's address, with or without the list's search", () => {
    const id = "0b7c6f1e-8a57-4c0e-9d43-3f0f4b7d2a10";
    const link = (href: string) => ({ getAttribute: () => href }) as unknown as Element;
    expect(conversationIdOfLink(link(`/inbox/${id}`))).toBe(id);
    expect(conversationIdOfLink(link(`/inbox/${id}?view=archived&q=ana`))).toBe(id);
    expect(conversationIdOfLink(link("/inbox/new"))).toBeUndefined();
    expect(conversationIdOfLink(null)).toBeUndefined();
  });
});
