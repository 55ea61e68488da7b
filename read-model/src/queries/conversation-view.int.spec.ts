import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { contactCard } from "./contact-card.query.js";
import { conversationNotes } from "./conversation-notes.query.js";
import { conversationPage } from "./conversation-page.query.js";
import { conversationView } from "./conversation-view.query.js";
import type { SqlQueryable } from "./sql-queryable.js";

// The conversation view's reads in one statement (issue 16): the page, the first unread message,
// the notes and the contact card as each query gives them alone, and the projection position of
// the partition asked for (docs/decisions/007), never another org's.
describe("the conversation view in one statement", () => {
  const bed = migratedDatabase();
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const conversationId = randomUUID();
  const otherChannelConversation = randomUUID();
  const readConversation = randomUUID();
  const contactId = randomUUID();
  const channelId = randomUUID();

  beforeAll(async () => {
    const db = bed.client;
    await db.query(
      `insert into readmodel.chat_account (id, org_id, provider, external_phone_id, account_sid, display_name, is_active, connected_at)
       values ($1, $2, 'twilio_whatsapp', 'whatsapp:+14155238886', 'AC0', 'Shop', true, now())`,
      [channelId, orgId],
    );
    await db.query(
      `insert into readmodel.contact (id, org_id, handle, wa_id, profile_name, name, email, first_seen_at)
       values ($1, $2, 'whatsapp:+447700900001', '447700900001', 'Ada L', 'Ada', 'ada@example.test', now() - interval '3 days')`,
      [contactId, orgId],
    );
    // The contact's conversation on another number, read and archived; and a third, read, for unread 0.
    for (const [id, unread, archived] of [
      [conversationId, 3, false],
      [otherChannelConversation, 0, true],
      [readConversation, 0, false],
    ] as const)
      await db.query(
        `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
           last_message_at, last_message_preview, unread_count, status, created_at, inbox_at, archived_at, label_ids)
         values ($1, $2, $3, $4, 'whatsapp:+447700900001', 'Ada', now() - ($7 || ' minutes')::interval, 'Hi', $5, 'open',
                 now(), now(), case when $6 then now() end, '["x"]')`,
        [
          id,
          orgId,
          id === otherChannelConversation ? randomUUID() : channelId,
          contactId,
          unread,
          archived,
          unread + 1,
        ],
      );
    // 7 messages: inbound except every third; the latest 3 inbound ones are unread.
    for (let i = 0; i < 7; i++)
      await db.query(
        `insert into readmodel.message (id, org_id, conversation_id, direction, provider_sid, body, status, sent_at)
         values ($1, $2, $3, $4, $5, $6, 'received', now() - ($7 || ' minutes')::interval + interval '0.000123 s')`,
        [randomUUID(), orgId, conversationId, i % 3 === 2 ? "outbound" : "inbound", `SM${i}`, `message ${i}`, 10 - i],
      );
    // Two notes (one edited), one deleted, and another org's note on the same conversation id.
    for (const [org, body, deleted, edited] of [
      [orgId, "prefers mornings", false, false],
      [orgId, "invoice sent", false, true],
      [orgId, "deleted one", true, false],
      [otherOrgId, "not yours", false, false],
    ] as const)
      await db.query(
        `insert into readmodel.conversation_note (id, org_id, conversation_id, author_id, body, created_at, edited_at, deleted_at)
         values ($1, $2, $3, 'user-1', $4, clock_timestamp(), case when $6 then now() end, case when $5 then now() end)`,
        [randomUUID(), org, conversationId, body, deleted, edited],
      );
    await db.query(
      `insert into readmodel.projection_checkpoint (projection, stream, partition, last_seq, lease_epoch, updated_at)
       values ('inbox', 'events', 5, 73, 0, now())`,
    );
  });

  /** bed.client, counting the statements sent. */
  function counted(): { db: SqlQueryable; statements: () => number } {
    let statements = 0;
    return {
      db: {
        query: (statement, values) => {
          statements++;
          return bed.client.query(statement, values);
        },
      },
      statements: () => statements,
    };
  }

  it("gives what the page, first unread, notes and contact card queries give alone, in one statement", async () => {
    const { db, statements } = counted();
    const view = await conversationView(db, { orgId, conversationId, positionOf: { partition: 5 } });
    expect(statements()).toBe(1);
    const page = await conversationPage(bed.client, { orgId, conversationId });
    expect(view?.page).toEqual(page);
    expect(view?.firstUnreadId).toBe(page?.messages.filter((m) => m.direction === "inbound").at(-3)?.id);
    const notes = await conversationNotes(bed.client, { orgId, conversationId });
    expect(view?.notes).toEqual(notes);
    expect(notes.map((note) => note.body)).toEqual(["prefers mornings", "invoice sent"]);
    expect(notes[1]?.editedAt).toBeInstanceOf(Date);
    const card = await contactCard(bed.client, { orgId, conversationId });
    expect(view?.contact).toEqual(card);
    expect(card?.firstSeenAt).toBeInstanceOf(Date);
    expect(card?.conversations.map((c) => c.id).sort()).toEqual(
      [conversationId, otherChannelConversation, readConversation].sort(),
    );
    expect(view?.position).toBe(73);
  });

  it("keeps the page's size, and gives no position unless asked", async () => {
    const view = await conversationView(bed.client, { orgId, conversationId, limit: 4 });
    expect(view?.page).toEqual(await conversationPage(bed.client, { orgId, conversationId, limit: 4 }));
    expect(view?.page.hasOlder).toBe(true);
    expect(view?.position).toBeUndefined();
    // A partition without a checkpoint yet is at 0, as readCheckpoint says.
    expect(
      (await conversationView(bed.client, { orgId, conversationId, positionOf: { partition: 9 } }))?.position,
    ).toBe(0);
  });

  it("gives no first unread when all is read, and nothing for another org", async () => {
    const read = await conversationView(bed.client, { orgId, conversationId: readConversation });
    expect(read?.firstUnreadId).toBeNull();
    expect(read?.notes).toEqual([]);
    expect(read?.page.messages).toEqual([]);
    expect(await conversationView(bed.client, { orgId: otherOrgId, conversationId })).toBeUndefined();
  });

  it("is a named statement, parsed once per connection, and gives the same rows on every later run", async () => {
    const first = await conversationView(bed.client, { orgId, conversationId, positionOf: { partition: 5 } });
    // Postgres may keep one generic plan after five runs of a named statement: the rows stay the same.
    for (let run = 0; run < 7; run++)
      expect(await conversationView(bed.client, { orgId, conversationId, positionOf: { partition: 5 } })).toEqual(
        first,
      );
    const { rows } = await bed.client.query<{ name: string; statement: string }>(
      "SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'rm\\_%'",
    );
    expect(rows.some((row) => row.statement.includes("conversation_note"))).toBe(true);
    expect(await conversationView(bed.client, { orgId: otherOrgId, conversationId })).toBeUndefined();
  });

  it("shares its page with conversationPage, the API's statement, which is named too and gives the same rows generic", async () => {
    const first = await conversationPage(bed.client, { orgId, conversationId, limit: 5 });
    for (let run = 0; run < 7; run++)
      expect(await conversationPage(bed.client, { orgId, conversationId, limit: 5 })).toEqual(first);
    await bed.client.query("set plan_cache_mode = force_generic_plan");
    try {
      expect(await conversationPage(bed.client, { orgId, conversationId, limit: 5 })).toEqual(first);
      expect(await conversationPage(bed.client, { orgId: otherOrgId, conversationId })).toBeUndefined();
    } finally {
      await bed.client.query("reset plan_cache_mode");
    }
    const { rows } = await bed.client.query<{ statement: string }>(
      "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'rm\\_%'",
    );
    // The view's statement holds the notes; the page's alone does not.
    expect(
      rows.some((row) => row.statement.includes('"c"."label_ids"') && !row.statement.includes("conversation_note")),
    ).toBe(true);
  });

  // Last: it swaps the bed's read model. A rebuild renames a fresh schema into place (decision 018)
  // under the web's connections, where the view is prepared (decision 034): Postgres must analyse
  // the named statement again and read the fresh tables, not the retired ones it was planned on.
  it("reads a read model swapped in under its named statement, as a rebuild swaps it", async () => {
    const db = bed.client;
    const before = await conversationView(db, { orgId, conversationId });
    expect(before?.page.messages.length).toBeGreaterThan(0);
    const { rows: tables } = await db.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'readmodel'",
    );
    await db.query("create schema readmodel_fresh");
    for (const { name } of tables)
      await db.query(
        `create table readmodel_fresh.${name} (like readmodel.${name} including all);
         insert into readmodel_fresh.${name} select * from readmodel.${name}`,
      );
    await db.query("update readmodel_fresh.message set body = 'rebuilt: ' || body where conversation_id = $1", [
      conversationId,
    ]);
    await db.query(
      `begin;
       alter schema readmodel rename to readmodel_retired;
       alter schema readmodel_fresh rename to readmodel;
       commit`,
    );
    const after = await conversationView(db, { orgId, conversationId });
    expect(after?.page.messages.map((m) => m.body)).toEqual(before?.page.messages.map((m) => `rebuilt: ${m.body}`));
    await db.query("drop schema readmodel_retired cascade");
    expect(await conversationView(db, { orgId, conversationId })).toEqual(after);
  });
});
