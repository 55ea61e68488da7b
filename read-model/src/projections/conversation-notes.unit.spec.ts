import { type CloudpaEvent, uuidv5 } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider } from "./read-model.decider.js";

const spec = specification(readModelDecider, changesOf);

/** Given these events happened, when these happen: the read model after, and the decisions of the `when` events only. */
function given(...history: CloudpaEvent[]) {
  return {
    when(...events: CloudpaEvent[]) {
      const model = spec.when(...history, ...events);
      return { state: model.state, decisions: model.decisions.slice(history.length) };
    },
  };
}

const f = eventFactory();
const other = eventFactory(uuidv5("org:other"));
const at = (second: number) => new Date(f.at(second));
const notes = (model: ReturnType<ReturnType<typeof given>["when"]>) => rowsOf(model.state.notes);

describe("private notes (issue 15)", () => {
  it("adds a note to a conversation, by its author, apart from the messages", () => {
    const model = given(f.inbound(1, 7, 10)).when(f.note("NoteAdded", 7, 1, 20, { body: "owes 40 EUR" }));
    expect(notes(model)).toEqual([
      {
        id: f.noteId(1),
        orgId: f.orgId,
        conversationId: f.conversationOf(7),
        authorId: "user-1",
        body: "owes 40 EUR",
        createdAt: at(20),
        editedAt: null,
        deletedAt: null,
      },
    ]);
    expect(rowsOf(model.state.messages)).toHaveLength(1);
    expect(rowsOf(model.state.conversations)).toMatchObject([{ lastMessagePreview: "message 1", unreadCount: 1 }]);
  });

  it("lets its author edit it, and keeps when it was written", () => {
    const model = given(f.inbound(1, 7, 10), f.note("NoteAdded", 7, 1, 20)).when(
      f.note("NoteEdited", 7, 1, 30, { body: "paid" }),
    );
    expect(notes(model)).toMatchObject([{ body: "paid", createdAt: at(20), editedAt: at(30), deletedAt: null }]);
  });

  it("lets its author delete it: its text goes, and a later edit does not bring it back", () => {
    const model = given(f.inbound(1, 7, 10), f.note("NoteAdded", 7, 1, 20, { body: "secret" })).when(
      f.note("NoteDeleted", 7, 1, 30),
      f.note("NoteEdited", 7, 1, 40, { body: "back?" }),
    );
    expect(notes(model)).toMatchObject([{ body: "", deletedAt: at(30), editedAt: null }]);
    expect(model.decisions.slice(1).flatMap(changesOf)).toEqual([]);
  });

  it("refuses an edit or delete by another user, and a second add of the same note", () => {
    const model = given(f.inbound(1, 7, 10), f.note("NoteAdded", 7, 1, 20, { body: "mine" })).when(
      f.note("NoteEdited", 7, 1, 30, { body: "theirs", by: "user-2" }),
      f.note("NoteDeleted", 7, 1, 31, { by: "user-2" }),
      f.note("NoteAdded", 7, 1, 32, { body: "again" }),
    );
    expect(model.decisions.flatMap(changesOf)).toEqual([]);
    expect(notes(model)).toMatchObject([{ body: "mine", authorId: "user-1", deletedAt: null }]);
  });

  it("leaves another org's conversation and note alone, and an unknown conversation", () => {
    const forgedAdd = { ...f.note("NoteAdded", 7, 2, 20), orgId: other.orgId };
    const forgedEdit = { ...f.note("NoteEdited", 7, 1, 21, { body: "forged" }), orgId: other.orgId };
    const model = given(f.inbound(1, 7, 10), f.note("NoteAdded", 7, 1, 15, { body: "kept" })).when(
      forgedAdd,
      forgedEdit,
      f.note("NoteAdded", 9, 3, 22),
    );
    expect(model.decisions.flatMap(changesOf)).toEqual([]);
    expect(notes(model)).toMatchObject([{ id: f.noteId(1), orgId: f.orgId, body: "kept" }]);
  });

  it("moves no note to another conversation of the org", () => {
    const model = given(f.inbound(1, 7, 10), f.inbound(2, 8, 11), f.note("NoteAdded", 7, 1, 20)).when(
      f.note("NoteEdited", 8, 1, 30, { body: "moved?" }),
    );
    expect(model.decisions.flatMap(changesOf)).toEqual([]);
    expect(notes(model)).toMatchObject([{ conversationId: f.conversationOf(7) }]);
  });
});
