import { createLogger, ServiceNats } from "@cloudpa/kit";
import { allRowsOf } from "@cloudpa/read-model";
import { eventFactory, everyEventStory, readAllRows } from "@cloudpa/read-model/testing";
import { testbed } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { rebuildReadModel } from "./cli/rebuild.js";
import { ReadModelDatabase } from "./database/read-model-database.js";
import {
  appendEvents,
  foldOf,
  projectorCaughtUp,
  projectorEnvFor,
  startProjector,
  withClient,
} from "./testing/projector-harness.js";

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
    const { nats, db, keys } = bed;
    const env = projectorEnvFor(nats, db.url, keys, { PROJECTOR_BATCH_SIZE: "7" });
    bed.closeAfter(await startProjector(env));
    const acks = await appendEvents(nats, keys, story);
    const lastSeq = acks.at(-1)?.seq ?? 0;
    await projectorCaughtUp(nats, db.url, lastSeq);
    const live = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    const folded = allRowsOf(foldOf(story));
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
    const projectorNats = await ServiceNats.connect(env, { clientName: "inbox-order-rebuild" });
    const database = await ReadModelDatabase.open(db.url, "readmodel");
    try {
      await rebuildReadModel({
        nats: projectorNats,
        pool: database.pool,
        keyring: env.EVENT_PUBLIC_KEYS,
        databaseUrl: db.url,
        logger: createLogger("rebuild", "silent"),
      });
    } finally {
      await database.close();
      await projectorNats.close();
    }
    const rebuilt = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(rebuilt).toEqual(folded);
  }, 120_000);
});
