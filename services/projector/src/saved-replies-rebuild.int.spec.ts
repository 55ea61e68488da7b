import { uuidv5 } from "@cloudpa/contracts";
import { eventFactory, everyEventStory } from "@cloudpa/read-model/testing";
import { testbed } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { withClient } from "./testing/projector-harness.js";
import { projectStoryLive, rebuiltRows } from "./testing/story-rebuild.js";

// Saved replies (issue 15) are kept by a rebuild: the live projector's rows, the rebuilt schema's
// rows and the fold of the stream are the same, row for row. Batches of 3, so a saved reply is
// created, edited and deleted across batches and within one.

const f = eventFactory();
const other = eventFactory(uuidv5("org:saved-replies-other"));
const story = [
  ...everyEventStory(f, f.sid("SM", 1_000_001)),
  f.savedReply("SavedReplyCreated", 3, 60, { name: "Quote", shortcut: "quote", body: "Hi {{first_name}}, {{price}}" }),
  f.inbound(901, 50, 61),
  f.savedReply("SavedReplyEdited", 3, 62, { name: "Quote", shortcut: "q", body: "Dear {{name}}, {{price}}" }),
  // Another org's saved reply with the same shortcut, and its attempt at the first org's.
  other.savedReply("SavedReplyCreated", 1, 63, { shortcut: "q" }),
  { ...other.savedReply("SavedReplyDeleted", 1, 64), savedReplyId: f.savedReplyId(3) },
  // In one batch: created, edited and deleted; then a late edit that must not bring it back.
  f.savedReply("SavedReplyCreated", 4, 65),
  f.savedReply("SavedReplyEdited", 4, 66, { body: "edited" }),
  f.savedReply("SavedReplyDeleted", 4, 67),
  f.savedReply("SavedReplyEdited", 4, 68, { body: "too late" }),
];

describe("rebuild keeps saved replies", () => {
  const bed = testbed();

  it("rebuilds saved replies equal to the live projection and the fold", async () => {
    const { env, live, folded } = await projectStoryLive(bed, story, { batchSize: 3 });
    const { db } = bed;
    expect(live).toEqual(folded);
    const byId = new Map(live.savedReplies.map((row) => [row.id, row]));
    expect(byId.get(f.savedReplyId(1))).toMatchObject({
      shortcut: "ty",
      body: "Thank you, {{name}}.",
      deletedAt: null,
    });
    expect(byId.get(f.savedReplyId(2))).toMatchObject({ body: "" });
    expect(byId.get(f.savedReplyId(2))?.deletedAt).toBeInstanceOf(Date);
    expect(byId.get(f.savedReplyId(3))).toMatchObject({
      shortcut: "q",
      body: "Dear {{name}}, {{price}}",
      deletedAt: null,
    });
    expect(byId.get(f.savedReplyId(4))).toMatchObject({ body: "" });
    expect(byId.get(other.savedReplyId(1))).toMatchObject({ orgId: other.orgId, shortcut: "q", deletedAt: null });

    // Forget the saved replies in the live rows: only the rebuild's fold of the stream can bring them back.
    await withClient(db.url, (client) => client.query("delete from readmodel.saved_reply"));
    const rebuilt = await rebuiltRows(env, db.url, { clientName: "saved-replies-rebuild" });
    expect(rebuilt).toEqual(folded);
    expect(rebuilt.savedReplies).toHaveLength(5);
  }, 120_000);
});
