import { describe, expect, it } from "vitest";
import { listHref, listQueryOf, paramsBesideTheList } from "./list-params.ts";

const params = (query: string) => new URLSearchParams(query);

describe("listQueryOf", () => {
  it("keeps the list's search and filters, in one order, and drops the conversation's window", () => {
    expect(listQueryOf(params("at=m1&label=l1&q=ada+b&find=invoice&filter=unread"))).toBe(
      "?q=ada+b&filter=unread&label=l1",
    );
    expect(listQueryOf(params("before=c1"))).toBe("");
    expect(listQueryOf(params("q=&view=archived"))).toBe("?view=archived");
  });
});

describe("paramsBesideTheList", () => {
  it("is every parameter the list does not read", () => {
    expect(paramsBesideTheList(params("q=ada&at=m1&find=x&filter=unread"))).toEqual([
      ["at", "m1"],
      ["find", "x"],
    ]);
  });
});

describe("listHref", () => {
  it("sets the list's choice on the same address, keeping the open conversation's window", () => {
    expect(listHref("/inbox/c1", params("q=ada&at=m1&filter=unread"), { q: "ada", view: "archived" })).toBe(
      "/inbox/c1?at=m1&q=ada&view=archived",
    );
    expect(listHref("/inbox", params("q=ada&label=l1"), {})).toBe("/inbox");
    expect(listHref("/inbox", params(""), { q: "a&b=c", label: "l2" })).toBe("/inbox?q=a%26b%3Dc&label=l2");
  });
});
