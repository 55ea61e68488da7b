import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conversation } from "./entities/conversation.entity.js";
import { createReadModelOrm, migrateReadModel } from "./orm.js";
import { inboundMessageIdFor, legacyInboundMessageIdFor } from "./projections/message-ids.js";

// Written out by hand, not read from orm.ts: the spec states the order a database of any age migrates in.
const everyMigrationInOrder = [
  "Migration20261125ReadModel",
  "Migration20261125InboxIndexes",
  "Migration20261202MessagesKeyedByOrg",
  "Migration20261202MessageKinds",
  "Migration20261202CheckpointPartitions",
  "Migration20261202InboxInOrder",
  "Migration20261202Labels",
  "Migration20261202NotesAndContactDetails",
  "Migration20261203MessageHistoryKeyset",
  "Migration20261203SavedReplies",
  "Migration20261203LoaderIndexes",
  "Migration20261204LabelIndexWithoutPendingList",
  "Migration20261206ContactSearch",
  "Migration20261206NoOrgLastMessageIndex",
  "Migration20261208MarkedUnread",
  "Migration20261208Muted",
  "Migration20261208MuteEnds",
];

describe("read-model migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.drop());

  it("creates schema readmodel with every table and index of DESIGN.md, and runs once", async () => {
    expect(await migrateReadModel(db.url)).toEqual(everyMigrationInOrder);
    expect(await migrateReadModel(db.url)).toEqual([]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const tables = await client.query(
        "select table_name from information_schema.tables where table_schema = 'readmodel' order by 1",
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual([
        "chat_account",
        "contact",
        "conversation",
        "conversation_note",
        "label",
        "message",
        "mikro_orm_migrations",
        "pending_status",
        "projection_checkpoint",
        "quarantine",
        "saved_reply",
      ]);
      const indexes = await client.query("select indexname from pg_indexes where schemaname = 'readmodel'");
      expect(indexes.rows.map((row) => row.indexname)).toEqual(
        expect.arrayContaining([
          "contact_org_handle_uq",
          "message_org_provider_sid_uq",
          "message_org_sent_at_idx",
          "message_conversation_sent_at_idx",
          "chat_account_org_provider_phone_uq",
          "chat_account_provider_phone_idx",
          "conversation_org_contact_idx",
        ]),
      );
    } finally {
      await client.end();
    }
  });

  it("migrates another schema independently and reads it through the entities", async () => {
    await migrateReadModel(db.url, "readmodel_other");
    const orm = await createReadModelOrm(db.url, "readmodel_other");
    try {
      const em = orm.em.fork();
      em.create(Conversation, {
        id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        orgId: "7c9e6679-7425-40de-944b-e07fc1f90ae8",
        chatAccountId: "7c9e6679-7425-40de-944b-e07fc1f90ae9",
        contactId: "7c9e6679-7425-40de-944b-e07fc1f90aea",
        contactHandle: "whatsapp:+15550001",
        contactDisplayName: "Ana",
        unreadCount: 2,
        status: "open",
        createdAt: new Date("2026-01-01T00:00:00Z"),
      });
      await em.flush();
      const found = await orm.em.fork().find(Conversation, {});
      expect(found.map((c) => [c.contactDisplayName, c.unreadCount])).toEqual([["Ana", 2]]);
    } finally {
      await orm.close(true);
    }
  });

  it("re-keys a read model of before 2026-12-02 by org: inbound ids, the MessageSid index, pending statuses", async () => {
    const schema = "readmodel_before_org_keys";
    const orm = await createReadModelOrm(db.url, schema, { poolSize: 2 });
    try {
      await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
      await orm.migrator.up({ schema, to: "Migration20261125InboxIndexes" });
    } finally {
      await orm.close(true);
    }
    const orgA = "7c9e6679-7425-40de-944b-e07fc1f90a01";
    const orgB = "7c9e6679-7425-40de-944b-e07fc1f90a02";
    const conversationId = "7c9e6679-7425-40de-944b-e07fc1f90a03";
    const sid = `SM${"1".repeat(32)}`;
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const q = `"${schema}"`;
      await client.query(
        `insert into ${q}.message (id, org_id, conversation_id, direction, provider_sid, body, status, sent_at)
         values ($1, $2, $3, 'inbound', $4, 'hi', 'received', now())`,
        [legacyInboundMessageIdFor(sid), orgA, conversationId, sid],
      );
      await client.query(
        `insert into ${q}.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
           last_message_id, status, created_at) values ($1, $2, $1, $1, 'whatsapp:+1555', 'Ana', $3, 'open', now())`,
        [conversationId, orgA, legacyInboundMessageIdFor(sid)],
      );
      await client.query(
        `insert into ${q}.pending_status (provider_sid, org_id, conversation_id, status, reported_at)
         values ($1, $2, $3, 'read', now())`,
        [sid, orgA, conversationId],
      );

      expect(await migrateReadModel(db.url, schema)).toEqual(
        everyMigrationInOrder.slice(everyMigrationInOrder.indexOf("Migration20261125InboxIndexes") + 1),
      );

      const messages = await client.query(`select id from ${q}.message`);
      expect(messages.rows).toEqual([{ id: inboundMessageIdFor(orgA, sid) }]);
      const conversations = await client.query(`select last_message_id from ${q}.conversation`);
      expect(conversations.rows).toEqual([{ last_message_id: inboundMessageIdFor(orgA, sid) }]);
      // The same MessageSid may now stand in another org, as a message and as a pending status.
      await client.query(
        `insert into ${q}.message (id, org_id, conversation_id, direction, provider_sid, body, status, sent_at)
         values ($1, $2, $3, 'inbound', $4, 'hi', 'received', now())`,
        [inboundMessageIdFor(orgB, sid), orgB, conversationId, sid],
      );
      await client.query(
        `insert into ${q}.pending_status (provider_sid, org_id, conversation_id, status, reported_at)
         values ($1, $2, $3, 'read', now())`,
        [sid, orgB, conversationId],
      );
      await expect(
        client.query(
          `insert into ${q}.message (id, org_id, conversation_id, direction, provider_sid, body, status, sent_at)
           values ($1, $2, $3, 'inbound', $4, 'again', 'received', now())`,
          ["7c9e6679-7425-40de-944b-e07fc1f90a04", orgA, conversationId, sid],
        ),
      ).rejects.toThrow(/message_org_provider_sid_uq/);
    } finally {
      await client.end();
    }
  });
});
