import { eventFactory, everyEventStory } from "@cloudpa/read-model/testing";
import { testbed } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { withClient } from "./testing/projector-harness.js";
import { projectStoryLive, rebuiltRows } from "./testing/story-rebuild.js";

// Archive, snooze and pin (issue 15) are kept by a rebuild: the live projector's rows, the rebuilt
// schema's rows and the fold of the stream are the same, row for row.

const f = eventFactory();
const story = [
  ...everyEventStory(f, f.sid("SM", 1_000_001)),
  f.organized("ConversationArchived", 7, 30),
  f.organized("ConversationUnpinned", 7, 31),
  f.organized("ConversationPinned", 40, 32),
  f.organized("ConversationSnoozed", 40, 33, 7200),
  // A customer writing brings 41 back from the archive.
  f.inbound(900, 41, 34),
  f.organized("ConversationArchived", 8, 35),
  f.organized("ConversationUnarchived", 8, 36),
];

describe("rebuild keeps the inbox's order", () => {
  const bed = testbed();

  it("rebuilds archive, snooze and pin equal to the live projection and the fold", async () => {
    const { env, live, folded } = await projectStoryLive(bed, story, { batchSize: 7 });
    const { db } = bed;
    expect(live).toEqual(folded);
    expect(live.conversations.find((c) => c.id === f.conversationOf(40))).toMatchObject({
      pinned: true,
      snoozedUntil: new Date(f.at(7200)),
      inboxAt: new Date(f.at(7200)),
    });
    expect(live.conversations.find((c) => c.id === f.conversationOf(41))).toMatchObject({ archivedAt: null });
    expect(live.conversations.find((c) => c.id === f.conversationOf(7))).toMatchObject({ pinned: false });
    expect(live.conversations.find((c) => c.id === f.conversationOf(7))?.archivedAt).toEqual(new Date(f.at(30)));

    // Forget the order in the live rows: only the rebuild's fold of the stream can bring it back.
    await withClient(db.url, (client) =>
      client.query(
        "update readmodel.conversation set pinned = false, archived_at = null, snoozed_until = null, inbox_at = null",
      ),
    );
    const rebuilt = await rebuiltRows(env, db.url, { clientName: "inbox-order-rebuild" });
    expect(rebuilt).toEqual(folded);
  }, 120_000);
});
