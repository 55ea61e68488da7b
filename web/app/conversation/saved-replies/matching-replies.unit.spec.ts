import { describe, expect, it } from "vitest";
import { matchingReplies } from "./matching-replies.ts";

const reply = (shortcut: string, name: string) => ({ id: shortcut, shortcut, name, body: "" });
const replies = [reply("late", "Running late"), reply("omw", "On my way"), reply("quote", "Quote for the job")];

describe("the composer's list of saved replies (issue 15)", () => {
  it("lists every one for a bare /, by shortcut", () => {
    expect(matchingReplies(replies, "").map((one) => one.shortcut)).toEqual(["late", "omw", "quote"]);
  });

  it("puts shortcuts starting with what was typed first, then names holding it, ignoring case", () => {
    expect(matchingReplies(replies, "o").map((one) => one.shortcut)).toEqual(["omw", "quote"]);
    expect(matchingReplies(replies, "LATE").map((one) => one.shortcut)).toEqual(["late"]);
    expect(matchingReplies(replies, "job").map((one) => one.shortcut)).toEqual(["quote"]);
    expect(matchingReplies(replies, "zzz")).toEqual([]);
  });
});
