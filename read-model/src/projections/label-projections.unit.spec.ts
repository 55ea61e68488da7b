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
type Model = ReturnType<ReturnType<typeof given>["when"]>;
const labelsOn = (model: Model, customerNo: number) =>
  model.state.conversations.get(f.conversationOf(customerNo))?.labelIds;
const label = (model: Model, labelNo = 1) => model.state.labels.get(f.labelId(labelNo));

describe("labels (issue 15)", () => {
  it("a label is created with its name and colour; a conversation starts with none", () => {
    const model = given(f.inbound(1, 7, 10)).when(f.label("LabelCreated", 1, 20, { name: "VIP", colour: "purple" }));
    expect(rowsOf(model.state.labels)).toEqual([
      { id: f.labelId(1), orgId: f.orgId, name: "VIP", colour: "purple", createdAt: new Date(f.at(20)) },
    ]);
    expect(labelsOn(model, 7)).toEqual([]);
  });

  it("is renamed and recoloured; the same name or colour again changes nothing", () => {
    const history = [f.label("LabelCreated", 1, 20, { name: "VIP", colour: "purple" })];
    const model = given(...history).when(
      f.label("LabelRenamed", 1, 21, { name: "Top client" }),
      f.label("LabelRecoloured", 1, 22, { colour: "teal" }),
      f.label("LabelRenamed", 1, 23, { name: "Top client" }),
      f.label("LabelRecoloured", 1, 24, { colour: "teal" }),
    );
    expect(label(model)).toMatchObject({ name: "Top client", colour: "teal", createdAt: new Date(f.at(20)) });
    expect(model.decisions.map((decision) => changesOf(decision).length)).toEqual([1, 1, 0, 0]);
  });

  it("a repeated LabelCreated keeps the first", () => {
    const model = given(f.label("LabelCreated", 1, 20, { name: "VIP" })).when(
      f.label("LabelCreated", 1, 30, { name: "Other" }),
    );
    expect(changesOf(model.decisions[0] ?? { changes: [] })).toEqual([]);
    expect(label(model)).toMatchObject({ name: "VIP" });
  });

  it("puts labels on a conversation in order, once each, and takes one off", () => {
    const history = [f.inbound(1, 7, 10), f.label("LabelCreated", 1, 20), f.label("LabelCreated", 2, 21)];
    const on = given(...history).when(
      f.labelled("ConversationLabelled", 7, 2, 30),
      f.labelled("ConversationLabelled", 7, 1, 31),
      f.labelled("ConversationLabelled", 7, 2, 32),
    );
    expect(labelsOn(on, 7)).toEqual([f.labelId(2), f.labelId(1)]);
    expect(on.decisions.map((decision) => changesOf(decision).length)).toEqual([1, 1, 0]);
    const off = given(
      ...history,
      f.labelled("ConversationLabelled", 7, 2, 30),
      f.labelled("ConversationLabelled", 7, 1, 31),
    ).when(f.labelled("ConversationUnlabelled", 7, 2, 40), f.labelled("ConversationUnlabelled", 7, 2, 41));
    expect(labelsOn(off, 7)).toEqual([f.labelId(1)]);
    expect(off.decisions.map((decision) => changesOf(decision).length)).toEqual([1, 0]);
  });

  it("a label never created is not put on", () => {
    const model = given(f.inbound(1, 7, 10)).when(f.labelled("ConversationLabelled", 7, 9, 20));
    expect(model.decisions.flatMap(changesOf)).toEqual([]);
    expect(labelsOn(model, 7)).toEqual([]);
  });

  it("deleting a label takes it off every conversation of the org that had it, and a late put-on is ignored", () => {
    const model = given(
      f.inbound(1, 7, 10),
      f.inbound(2, 8, 11),
      f.label("LabelCreated", 1, 20),
      f.label("LabelCreated", 2, 21),
      f.labelled("ConversationLabelled", 7, 1, 22),
      f.labelled("ConversationLabelled", 7, 2, 23),
      f.labelled("ConversationLabelled", 8, 1, 24),
    ).when(
      f.label("LabelDeleted", 1, 30),
      f.labelled("ConversationLabelled", 8, 1, 31),
      f.label("LabelRenamed", 1, 32),
    );
    expect(label(model)).toBeUndefined();
    expect(label(model, 2)).toBeDefined();
    expect(labelsOn(model, 7)).toEqual([f.labelId(2)]);
    expect(labelsOn(model, 8)).toEqual([]);
    expect(changesOf(model.decisions[0] ?? { changes: [] })).toEqual([
      { labelDeleted: { orgId: f.orgId, labelId: f.labelId(1) } },
    ]);
    expect(model.decisions.slice(1).flatMap(changesOf)).toEqual([]);
  });

  it("leaves another org's label and conversation alone", () => {
    const history = [f.inbound(1, 7, 10), f.label("LabelCreated", 1, 20, { name: "VIP" })];
    const forged = (event: CloudpaEvent) => ({ ...event, orgId: other.orgId }) as CloudpaEvent;
    const model = given(...history).when(
      forged(f.label("LabelRenamed", 1, 30, { name: "Mine now" })),
      forged(f.label("LabelDeleted", 1, 31)),
      forged(f.labelled("ConversationLabelled", 7, 1, 32)),
      // Its own label on the first org's conversation.
      other.label("LabelCreated", 1, 33),
      { ...other.labelled("ConversationLabelled", 7, 1, 34), conversationId: f.conversationOf(7) },
      // The first org's label on its own conversation.
      other.inbound(2, 7, 35),
      { ...other.labelled("ConversationLabelled", 7, 1, 36), labelId: f.labelId(1) },
    );
    expect(label(model)).toMatchObject({ orgId: f.orgId, name: "VIP" });
    expect(labelsOn(model, 7)).toEqual([]);
    expect(model.state.conversations.get(other.conversationOf(7))?.labelIds).toEqual([]);
  });
});
