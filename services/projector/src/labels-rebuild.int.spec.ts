import { uuidv5 } from "@cloudpa/contracts";
import { eventFactory, everyEventStory } from "@cloudpa/read-model/testing";
import { testbed } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { withClient } from "./testing/projector-harness.js";
import { projectStoryLive, rebuiltRows } from "./testing/story-rebuild.js";

// Labels (issue 15) are kept by a rebuild: the live projector's rows, the rebuilt schema's rows and
// the fold of the stream are the same, row for row. Batches of 5, so a label is deleted in a batch
// that holds none of its conversations (the SQL takes it off them) and in one that holds some.

const f = eventFactory();
const other = eventFactory(uuidv5("org:labels-other"));
const story = [
  ...everyEventStory(f, f.sid("SM", 1_000_001)),
  f.label("LabelCreated", 3, 60, { name: "Waiting", colour: "yellow" }),
  f.labelled("ConversationLabelled", 40, 3, 61),
  f.labelled("ConversationLabelled", 41, 3, 62),
  f.labelled("ConversationLabelled", 8, 1, 63),
  f.inbound(901, 50, 64),
  f.inbound(902, 51, 65),
  f.inbound(903, 52, 66),
  f.inbound(904, 53, 67),
  f.inbound(905, 54, 68),
  // A batch that holds none of label 3's conversations deletes it.
  f.label("LabelDeleted", 3, 69),
  // Another org's label of the same number, on its own conversation: untouched by the first org's.
  other.inbound(1, 40, 70),
  other.label("LabelCreated", 1, 71, { name: "VIP" }),
  other.labelled("ConversationLabelled", 40, 1, 72),
  // In one batch: 41 gets label 1, label 1 is renamed, then deleted with 7, 8 and 41 holding it.
  f.labelled("ConversationLabelled", 41, 1, 73),
  f.label("LabelRenamed", 1, 74, { name: "Gold" }),
  f.label("LabelDeleted", 1, 75),
  // One that stays, on 7.
  f.label("LabelCreated", 4, 76, { name: "Keep", colour: "pink" }),
  f.labelled("ConversationLabelled", 7, 4, 77),
];

describe("rebuild keeps labels", () => {
  const bed = testbed();

  it("rebuilds labels and the conversations' labels equal to the live projection and the fold", async () => {
    const { env, live, folded } = await projectStoryLive(bed, story, { batchSize: 5 });
    const { db } = bed;
    expect(live).toEqual(folded);
    expect(live.labels.map((label) => label.id)).toEqual([other.labelId(1), f.labelId(4)].sort());
    expect(live.conversations.find((c) => c.id === f.conversationOf(7))?.labelIds).toEqual([f.labelId(4)]);
    for (const customer of [8, 40, 41])
      expect(live.conversations.find((c) => c.id === f.conversationOf(customer))?.labelIds, `${customer}`).toEqual([]);
    expect(live.conversations.find((c) => c.id === other.conversationOf(40))?.labelIds).toEqual([other.labelId(1)]);

    // Forget the labels in the live rows: only the rebuild's fold of the stream can bring them back.
    await withClient(db.url, async (client) => {
      await client.query("update readmodel.conversation set label_ids = '[]'");
      await client.query("delete from readmodel.label");
    });
    const rebuilt = await rebuiltRows(env, db.url, { clientName: "labels-rebuild" });
    expect(rebuilt).toEqual(folded);
  }, 120_000);
});
