import { describe, expect, it } from "vitest";
import { isAnotherConversationOfTheSameList, isReadSubmission, READ_INTENT } from "./inbox-revalidation.ts";

const at = (path: string) => new URL(path, "http://cloudpa.test");
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("isAnotherConversationOfTheSameList", () => {
  it("is a navigation to another conversation, to the list or to a new one, under the same search", () => {
    const navigation = (from: string, to: string) =>
      isAnotherConversationOfTheSameList({ currentUrl: at(from), nextUrl: at(to), formMethod: undefined });
    expect(navigation("/inbox/a", "/inbox/b")).toBe(true);
    expect(navigation("/inbox?label=x&filter=unread", "/inbox/b?label=x&filter=unread")).toBe(true);
    expect(navigation("/inbox/a", "/inbox")).toBe(true);
    expect(navigation("/inbox", "/inbox/new")).toBe(true);
  });

  it("is not another search or filter, the same address again, or a submission", () => {
    const navigation = (from: string, to: string, formMethod?: "POST" | "GET") =>
      isAnotherConversationOfTheSameList({ currentUrl: at(from), nextUrl: at(to), formMethod });
    expect(navigation("/inbox/a", "/inbox/b?filter=unread")).toBe(false);
    expect(navigation("/inbox?q=ada", "/inbox?q=grace")).toBe(false);
    // A revalidation (live updates, useRevalidator) keeps the address.
    expect(navigation("/inbox/a", "/inbox/a")).toBe(false);
    expect(navigation("/inbox/a", "/inbox/b", "POST")).toBe(false);
    expect(navigation("/inbox", "/inbox/b", "GET")).toBe(false);
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
