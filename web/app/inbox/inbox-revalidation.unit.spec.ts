import { describe, expect, it } from "vitest";
import { isOnlyAnotherList, isReadSubmission, isTheSameListElsewhere, READ_INTENT } from "./inbox-revalidation.ts";

const at = (path: string) => new URL(path, "http://cloudpa.test");
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("isTheSameListElsewhere", () => {
  const navigation = (from: string, to: string, formMethod?: "POST" | "GET") =>
    isTheSameListElsewhere({ currentUrl: at(from), nextUrl: at(to), formMethod });

  it("is a navigation to another conversation, to the list or to a new one, under the same search", () => {
    expect(navigation("/inbox/a", "/inbox/b")).toBe(true);
    expect(navigation("/inbox?label=x&filter=unread", "/inbox/b?label=x&filter=unread")).toBe(true);
    expect(navigation("/inbox/a", "/inbox")).toBe(true);
    expect(navigation("/inbox", "/inbox/new")).toBe(true);
  });

  it("is a move within the open conversation's history, by a link or its search form", () => {
    expect(navigation("/inbox/a?q=ada", "/inbox/a?q=ada&at=m1")).toBe(true);
    expect(navigation("/inbox/a?at=m1&q=ada", "/inbox/b?q=ada")).toBe(true);
    expect(navigation("/inbox/a", "/inbox/a?find=invoice", "GET")).toBe(true);
  });

  it("is not another search or filter, the same address again, or a submission", () => {
    expect(navigation("/inbox/a", "/inbox/b?filter=unread")).toBe(false);
    expect(navigation("/inbox?q=ada", "/inbox?q=grace")).toBe(false);
    expect(navigation("/inbox/a?q=ada", "/inbox/a?q=grace", "GET")).toBe(false);
    // A revalidation (live updates, useRevalidator) keeps the address.
    expect(navigation("/inbox/a", "/inbox/a")).toBe(false);
    expect(navigation("/inbox/a?q=ada", "/inbox/a?q=ada")).toBe(false);
    expect(navigation("/inbox/a", "/inbox/b", "POST")).toBe(false);
  });
});

describe("isOnlyAnotherList", () => {
  const navigation = (from: string, to: string, formMethod?: "POST" | "GET") =>
    isOnlyAnotherList({ currentUrl: at(from), nextUrl: at(to), formMethod });

  it("is a search or filter chosen beside the open conversation, its window kept", () => {
    expect(navigation("/inbox/a", "/inbox/a?q=ada", "GET")).toBe(true);
    expect(navigation("/inbox/a?q=ada", "/inbox/a?q=ada&filter=unread")).toBe(true);
    expect(navigation("/inbox/a?at=m1&q=ada", "/inbox/a?at=m1&view=archived")).toBe(true);
  });

  it("is not another conversation, another window, the same address again, or a submission", () => {
    expect(navigation("/inbox/a", "/inbox/b?q=ada")).toBe(false);
    expect(navigation("/inbox/a?at=m1", "/inbox/a?q=ada", "GET")).toBe(false);
    expect(navigation("/inbox/a?q=ada", "/inbox/a?q=ada")).toBe(false);
    expect(navigation("/inbox/a", "/inbox/a?q=ada", "POST")).toBe(false);
  });
});

describe("isReadSubmission", () => {
  const submitted = (formMethod: "POST" | "GET" | undefined, fields: Record<string, string>) =>
    isReadSubmission({ currentUrl: at("/inbox/a"), nextUrl: at("/inbox/a"), formMethod, formData: form(fields) });

  it("is the conversation's read, posted", () => {
    expect(submitted("POST", { intent: READ_INTENT, csrf: "t" })).toBe(true);
  });

  it("is not another intent, a navigation or a GET form", () => {
    expect(submitted("POST", { intent: "reply", text: "hello" })).toBe(false);
    expect(submitted("POST", { intent: "archive" })).toBe(false);
    expect(submitted(undefined, {})).toBe(false);
    expect(submitted("GET", { intent: READ_INTENT })).toBe(false);
  });
});
