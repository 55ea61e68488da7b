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
type Model = ReturnType<ReturnType<typeof given>["when"]>;
const saved = (model: Model) => rowsOf(model.state.savedReplies);
const changeCounts = (model: Model) => model.decisions.map((decision) => changesOf(decision).length);
const created = f.savedReply("SavedReplyCreated", 1, 20, {
  name: "On my way",
  shortcut: "omw",
  body: "Hi {{first_name}}, on my way!",
});

describe("saved replies (issue 15)", () => {
  it("a saved reply is created with its name, shortcut and body, fields as written", () => {
    const model = given().when(created);
    expect(saved(model)).toEqual([
      {
        id: f.savedReplyId(1),
        orgId: f.orgId,
        name: "On my way",
        shortcut: "omw",
        body: "Hi {{first_name}}, on my way!",
        createdAt: at(20),
        editedAt: null,
        deletedAt: null,
      },
    ]);
  });

  it("a repeated SavedReplyCreated keeps the first", () => {
    const model = given(created).when(f.savedReply("SavedReplyCreated", 1, 21, { name: "Other", shortcut: "x" }));
    expect(saved(model)).toMatchObject([{ name: "On my way", shortcut: "omw", createdAt: at(20) }]);
    expect(changeCounts(model)).toEqual([0]);
  });

  it("is edited: name, shortcut and body replaced, the time kept; the same content again changes nothing", () => {
    const edit = { name: "Running late", shortcut: "late", body: "Sorry {{name}}, 10 minutes late." };
    const model = given(created).when(
      f.savedReply("SavedReplyEdited", 1, 30, edit),
      f.savedReply("SavedReplyEdited", 1, 31, edit),
    );
    expect(saved(model)).toEqual([
      { id: f.savedReplyId(1), orgId: f.orgId, ...edit, createdAt: at(20), editedAt: at(30), deletedAt: null },
    ]);
    expect(changeCounts(model)).toEqual([1, 0]);
  });

  it("is deleted: its row kept emptied, and a later edit or a repeated delete changes nothing", () => {
    const model = given(created).when(
      f.savedReply("SavedReplyDeleted", 1, 40),
      f.savedReply("SavedReplyEdited", 1, 41, { body: "back?" }),
      f.savedReply("SavedReplyDeleted", 1, 42),
    );
    expect(saved(model)).toMatchObject([{ name: "On my way", shortcut: "omw", body: "", deletedAt: at(40) }]);
    expect(changeCounts(model)).toEqual([1, 0, 0]);
  });

  it("another org cannot edit or delete it, and an unknown saved reply is not made by an edit", () => {
    const foreignEdit = {
      ...other.savedReply("SavedReplyEdited", 1, 30, { body: "mine now" }),
      savedReplyId: f.savedReplyId(1),
    };
    const foreignDelete = { ...other.savedReply("SavedReplyDeleted", 1, 31), savedReplyId: f.savedReplyId(1) };
    const model = given(created).when(foreignEdit, foreignDelete, f.savedReply("SavedReplyEdited", 9, 32));
    expect(saved(model)).toMatchObject([{ orgId: f.orgId, body: "Hi {{first_name}}, on my way!", deletedAt: null }]);
    expect(changeCounts(model)).toEqual([0, 0, 0]);
  });

  it("two orgs keep saved replies with the same shortcut apart", () => {
    const model = given(created).when(other.savedReply("SavedReplyCreated", 1, 21, { shortcut: "omw" }));
    expect(saved(model).map((row) => [row.orgId, row.shortcut])).toEqual([
      [f.orgId, "omw"],
      [other.orgId, "omw"],
    ]);
  });
});
