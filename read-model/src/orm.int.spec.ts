import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conversation } from "./entities/conversation.entity.js";
import { createReadModelOrm, migrateReadModel } from "./orm.js";

describe("read-model migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.drop());

  it("creates schema readmodel with every table and index of DESIGN.md, and runs once", async () => {
    expect(await migrateReadModel(db.url)).toEqual(["Migration20261125ReadModel", "Migration20261125InboxIndexes"]);
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
        "message",
        "mikro_orm_migrations",
        "pending_status",
        "projection_checkpoint",
        "quarantine",
      ]);
      const indexes = await client.query("select indexname from pg_indexes where schemaname = 'readmodel'");
      expect(indexes.rows.map((row) => row.indexname)).toEqual(
        expect.arrayContaining([
          "contact_org_handle_uq",
          "message_provider_sid_uq",
          "message_org_sent_at_idx",
          "message_conversation_sent_at_idx",
          "chat_account_org_provider_phone_uq",
          "chat_account_provider_phone_idx",
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
});
