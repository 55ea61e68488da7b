import { type ContactErased, contactIdFor } from "@cloudpa/contracts";
import { eventFactory, everyEventStory } from "@cloudpa/read-model/testing";
import { testbed } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { withClient } from "./testing/projector-harness.js";
import { projectStoryLive, rebuiltRows } from "./testing/story-rebuild.js";

// Private notes and contact details (issue 15) are kept by a rebuild: the live projector's rows,
// the rebuilt schema's rows and the fold of the stream are the same, row for row, and an erased
// contact's notes and details are gone from all three.

const f = eventFactory();
const erased: ContactErased = {
  type: "ContactErased",
  version: 1,
  eventId: "5b0d3c59-4f6c-4b8f-9d1c-7a6e2f1d0c01",
  orgId: f.orgId,
  occurredAt: f.at(60),
  contactId: contactIdFor(f.orgId, f.customer(8)),
  conversationIds: [f.conversationOf(8)],
  erasedAt: f.at(60),
  requestedBy: "user-1",
  erased: { events: 0, commands: 0, outboundRecords: 0 },
};
const story = [
  ...everyEventStory(f, f.sid("SM", 1_000_001)),
  f.note("NoteAdded", 40, 3, 40, { body: "first note of 40" }),
  f.note("NoteEdited", 40, 3, 41, { body: "edited by its author" }),
  f.note("NoteEdited", 40, 3, 42, { body: "not by another user", by: "user-2" }),
  f.note("NoteAdded", 8, 4, 43, { body: "a note of a contact then erased" }),
  f.contactDetails(8, 44, { name: "Bea", company: "Erased Ltd" }),
  f.contactDetails(40, 45, { name: "Carla", email: "carla@example.com" }),
  // The customer writing again keeps the name given.
  f.inbound(901, 40, 46, { profileName: "carla m" }),
  erased,
];

describe("rebuild keeps private notes and contact details", () => {
  const bed = testbed();

  it("rebuilds notes and contact details equal to the live projection and the fold", async () => {
    const { env, live, folded } = await projectStoryLive(bed, story, { batchSize: 5 });
    const { db } = bed;
    expect(live).toEqual(folded);
    // The story's two notes of 7 (one edited, one deleted) and 40's; 8's went with its contact.
    const notes = live.notes.map((note) => [note.conversationId, note.body, note.deletedAt === null]);
    expect(notes).toHaveLength(3);
    expect(notes).toEqual(
      expect.arrayContaining([
        [f.conversationOf(7), "call back on Monday", true],
        [f.conversationOf(7), "", false],
        [f.conversationOf(40), "edited by its author", true],
      ]),
    );
    expect(live.contacts.find((c) => c.handle === f.customer(40))).toMatchObject({
      name: "Carla",
      email: "carla@example.com",
      profileName: "carla m",
    });
    expect(live.conversations.find((c) => c.id === f.conversationOf(40))?.contactDisplayName).toBe("Carla");
    expect(live.contacts.find((c) => c.handle === f.customer(8))).toBeUndefined();

    // Forget the notes and details in the live rows: only the rebuild's fold of the stream can bring them back.
    await withClient(db.url, async (client) => {
      await client.query("delete from readmodel.conversation_note");
      await client.query("update readmodel.contact set name = null, email = null, company = null, notes = null");
    });
    const rebuilt = await rebuiltRows(env, db.url, { clientName: "notes-rebuild" });
    expect(rebuilt).toEqual(folded);
  }, 120_000);
});
