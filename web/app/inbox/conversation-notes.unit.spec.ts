import { describe, expect, it } from "vitest";
import { timelineOf } from "./conversation-notes.tsx";

const message = (id: string, second: number) => ({ id, sentAt: new Date(Date.UTC(2026, 0, 1, 9, 0, second)) });
const note = (id: string, second: number) => ({
  id,
  body: id,
  createdAt: new Date(Date.UTC(2026, 0, 1, 9, 0, second)).toISOString(),
  editedAt: null,
  mine: true,
});

describe("the conversation's timeline (issue 15)", () => {
  it("puts notes among the messages by time, a note after a message of the same time", () => {
    const items = timelineOf([message("m1", 10), message("m2", 30)], [note("n1", 20), note("n0", 5), note("n2", 30)]);
    expect(items.map((item) => item.message?.id ?? item.note?.id)).toEqual(["n0", "m1", "n1", "m2", "n2"]);
  });

  it("is the messages alone when there is no note", () => {
    expect(timelineOf([message("m1", 10)], []).map((item) => item.message?.id)).toEqual(["m1"]);
  });
});
