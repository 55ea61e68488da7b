import { describe, expect, it } from "vitest";
import { highlightParts, historyHref } from "./history-links.ts";
import { historyParamsOf } from "./history-params.ts";

const id = "0b9a4d55-7d8b-4a43-9a53-0e3c6a3f9f11";

describe("the conversation's history parameters (issue 15)", () => {
  it("reads the window: the latest by default, else at a message, before or after a cursor", () => {
    expect(historyParamsOf(new URLSearchParams("q=ana&view=archived")).window).toEqual({ kind: "latest" });
    expect(historyParamsOf(new URLSearchParams(`at=${id}&before=abc`)).window).toEqual({ kind: "at", messageId: id });
    expect(historyParamsOf(new URLSearchParams("before=abc_-1")).window).toEqual({ kind: "before", cursor: "abc_-1" });
    expect(historyParamsOf(new URLSearchParams("after=xyz")).window).toEqual({ kind: "after", cursor: "xyz" });
    expect(historyParamsOf(new URLSearchParams("at=latest")).window).toEqual({ kind: "latest", asked: true });
  });

  it("ignores what the server could not have written", () => {
    expect(historyParamsOf(new URLSearchParams("at=not-an-id")).window).toEqual({ kind: "latest" });
    expect(historyParamsOf(new URLSearchParams("before=a%20b")).window).toEqual({ kind: "latest" });
    expect(historyParamsOf(new URLSearchParams(`before=${"a".repeat(201)}`)).window).toEqual({ kind: "latest" });
    expect(historyParamsOf(new URLSearchParams("find=%00x")).find).toBe("");
  });

  it("reads the search, trimmed, apart from the list's own q", () => {
    expect(historyParamsOf(new URLSearchParams("q=list&find=%20invoice%20")).find).toBe("invoice");
  });

  it("writes an address that keeps the list's parameters and replaces the window", () => {
    const current = new URLSearchParams(`q=ana&before=old&find=invoice`);
    expect(historyHref("/inbox/c", current, { at: id, hash: `m-${id}` })).toBe(
      `/inbox/c?q=ana&find=invoice&at=${id}#m-${id}`,
    );
    expect(historyHref("/inbox/c", current, { find: undefined })).toBe("/inbox/c?q=ana");
    expect(historyHref("/inbox/c", new URLSearchParams(), {})).toBe("/inbox/c");
  });

  it("marks each occurrence of the search, any case", () => {
    expect(highlightParts("Invoice sent; the invoice is paid", "INVOICE")).toEqual([
      { text: "Invoice", hit: true },
      { text: " sent; the ", hit: false },
      { text: "invoice", hit: true },
      { text: " is paid", hit: false },
    ]);
    expect(highlightParts("no match", "x")).toEqual([{ text: "no match", hit: false }]);
    expect(highlightParts("100% sure", "100%")).toEqual([
      { text: "100%", hit: true },
      { text: " sure", hit: false },
    ]);
    expect(highlightParts("text", " ")).toEqual([{ text: "text", hit: false }]);
  });
});
