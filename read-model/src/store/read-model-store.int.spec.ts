import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { changesOf, foldEvent, readModelDecider } from "../projections/read-model.decider.js";
import { eventFactory } from "../testing/event-factory.js";
import { everyEventStory } from "../testing/every-event-story.js";
import { migratedDatabase } from "../testing/migrated-database.js";
import { rowsOf } from "../testing/rows-of.js";
import { loadRows, readCheckpoint, writeChangedRows, writeCheckpoint } from "./read-model-store.js";
import { addRowKeysOf, emptyRowKeys } from "./row-keys.js";
import { selectRows, sqlArray, sqlLiteral } from "./row-sql.js";
import { chatAccountTable, contactTable, conversationTable, messageTable, pendingStatusTable } from "./table-specs.js";
import { ReadModelWorkspace } from "./workspace.js";

const f = eventFactory();
const replySid = f.sid("SM", 1_000_001);

const story = everyEventStory(f, replySid);

describe("read-model store", () => {
  const bed = migratedDatabase();

  async function tables() {
    const { client } = bed;
    const sorted = <T>(rows: T[], key: (row: T) => string) => rows.sort((a, b) => key(a).localeCompare(key(b)));
    return {
      chatAccounts: sorted(await selectRows(client, "readmodel", chatAccountTable, "true", []), (r) => r.id),
      contacts: sorted(await selectRows(client, "readmodel", contactTable, "true", []), (r) => r.id),
      conversations: sorted(await selectRows(client, "readmodel", conversationTable, "true", []), (r) => r.id),
      messages: sorted(await selectRows(client, "readmodel", messageTable, "true", []), (r) => r.id),
      pending: sorted(await selectRows(client, "readmodel", pendingStatusTable, "true", []), (r) => r.providerSid),
    };
  }

  it.each([1, 3, 100])("stores, in batches of %i, exactly the rows the pure projections fold", async (batchSize) => {
    const { client } = bed;
    await client.query(
      "truncate readmodel.chat_account, readmodel.contact, readmodel.conversation, readmodel.message, readmodel.pending_status",
    );
    for (let at = 0; at < story.length; at += batchSize) {
      const batch = story.slice(at, at + batchSize);
      const workspace = new ReadModelWorkspace();
      const keys = emptyRowKeys();
      for (const event of batch) addRowKeysOf(keys, event);
      await loadRows(client, "readmodel", workspace, keys);
      for (const event of batch) foldEvent(workspace, event);
      await writeChangedRows(client, "readmodel", workspace.takeChanged());
    }
    const expected = specification(readModelDecider, changesOf).when(...story).state;
    const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
    expect(await tables()).toEqual({
      chatAccounts: byId(rowsOf(expected.chatAccounts)),
      contacts: byId(rowsOf(expected.contacts)),
      conversations: byId(rowsOf(expected.conversations)),
      messages: byId(rowsOf(expected.messages)),
      pending: rowsOf(expected.pendingStatuses),
    });
    expect(rowsOf(expected.pendingStatuses)).toHaveLength(1);
    expect(rowsOf(expected.messages).find((m) => m.providerSid === replySid)?.status).toBe("read");
  });

  it("keeps the customer's contact when a failed reply that names them comes in a batch of its own", async () => {
    // A ReplyFailed naming its customer makes the contact only when it is unknown (a refused first
    // template); the store must load the contact for it, or it overwrites the inbound's row (the
    // twilio-failures fault scenario caught wa_id and profile_name nulled that way).
    const { client } = bed;
    await client.query(
      "truncate readmodel.chat_account, readmodel.contact, readmodel.conversation, readmodel.message, readmodel.pending_status",
    );
    const events = [
      f.inbound(9_001, 91, 1),
      f.replyFailed(9_002, 91, 5, {
        reason: "twilio_error",
        errorCode: "21211",
        from: f.channelNumber,
        to: f.customer(91),
      }),
    ];
    for (const event of events) {
      const workspace = new ReadModelWorkspace();
      const keys = emptyRowKeys();
      addRowKeysOf(keys, event);
      await loadRows(client, "readmodel", workspace, keys);
      foldEvent(workspace, event);
      await writeChangedRows(client, "readmodel", workspace.takeChanged());
    }
    const expected = specification(readModelDecider, changesOf).when(...events).state;
    const contacts = rowsOf(expected.contacts);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.waId).toBe(f.customer(91).slice(10));
    expect((await tables()).contacts).toEqual(contacts);
  });

  it("inlines any text as literals that Postgres reads back verbatim", async () => {
    const { client } = bed;
    const hostile = [
      "plain",
      "it's",
      'say "hi"',
      "back\\slash \\x00 \\n",
      "{braces},commas",
      "NULL",
      "",
      " spaced ",
      "emoji 🙂 and ünïcode",
      "'; drop table x; --",
      "$1 $$ E'\\'",
    ];
    const { rows } = await client.query(
      `select ${sqlLiteral(hostile.join("|"))} as joined, ${sqlArray([...hostile, null], "text")} as arr`,
    );
    expect(rows[0].joined).toBe(hostile.join("|"));
    expect(rows[0].arr).toEqual([...hostile, null]);
  });

  it("writes and reads the checkpoint", async () => {
    const { client } = bed;
    expect(await readCheckpoint(client, "readmodel")).toBe(0);
    await writeCheckpoint(client, "readmodel", "x-events", 41);
    await writeCheckpoint(client, "readmodel", "x-events", 42);
    expect(await readCheckpoint(client, "readmodel")).toBe(42);
  });
});
