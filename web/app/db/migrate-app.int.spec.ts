import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { APP_MIGRATIONS } from "./app-migrations.ts";
import { migrateApp } from "./migrate-app.ts";

const NAMES = [
  "0001-accounts",
  "0002-login-limit-counters",
  "0003-session-devices",
  "0004-passkeys",
  "0005-token-scopes",
  "0006-operators",
  "0007-notifications",
  "0008-auto-replies",
  "0009-auto-replies-requested-at",
  "0010-rate-limit-counters-unlogged",
];

/**
 * A database as the web's own runner left it before MikroORM's migrator ran schema `app`: the
 * tables the first `upTo` migrations made, and their record in `app.migrations` (name, applied_at).
 */
async function installedByTheOldRunner(client: pg.Client, upTo: number): Promise<void> {
  await client.query("create schema app");
  await client.query(
    "create table app.migrations (name text primary key, applied_at timestamptz not null default now())",
  );
  for (const [at, name] of NAMES.slice(0, upTo).entries()) {
    for (const sql of APP_MIGRATIONS[at]?.sql ?? []) await client.query(sql);
    await client.query("insert into app.migrations (name, applied_at) values ($1, $2)", [
      name,
      new Date(Date.UTC(2026, 10, 25 + at)),
    ]);
  }
}

describe("app migrations through MikroORM's migrator", () => {
  const databases: TestDatabase[] = [];
  const clients: pg.Client[] = [];
  async function freshDatabase() {
    const database = await testDatabase();
    databases.push(database);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return { url: database.url, client };
  }
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it("migrates a fresh database once and records it in app.mikro_orm_migrations", async () => {
    const { url, client } = await freshDatabase();
    expect(await migrateApp(url)).toEqual(NAMES);
    expect(await migrateApp(url)).toEqual([]);
    const recorded = await client.query("select name from app.mikro_orm_migrations order by id");
    expect(recorded.rows.map((row) => row.name)).toEqual(NAMES);
  });

  it("upgrades an installation the old runner migrated without running its migrations again", async () => {
    const { url, client } = await freshDatabase();
    await installedByTheOldRunner(client, NAMES.length);
    await client.query("insert into app.orgs (id, name) values (gen_random_uuid(), 'Kept')");

    expect(await migrateApp(url)).toEqual([]);

    const recorded = await client.query("select name, executed_at from app.mikro_orm_migrations order by id");
    expect(recorded.rows).toEqual(
      NAMES.map((name, at) => ({ name, executed_at: new Date(Date.UTC(2026, 10, 25 + at)) })),
    );
    const old = await client.query("select to_regclass('app.migrations') as old");
    expect(old.rows).toEqual([{ old: null }]);
    const orgs = await client.query("select name from app.orgs");
    expect(orgs.rows).toEqual([{ name: "Kept" }]);
    expect(await migrateApp(url)).toEqual([]);
  });

  it("carries over a partial record and runs only what the old runner had not", async () => {
    const { url, client } = await freshDatabase();
    await installedByTheOldRunner(client, 5);

    expect(await migrateApp(url)).toEqual(NAMES.slice(5));

    const recorded = await client.query("select name from app.mikro_orm_migrations order by id");
    expect(recorded.rows.map((row) => row.name)).toEqual(NAMES);
    const column = await client.query(
      "select 1 from information_schema.columns where table_schema = 'app' and table_name = 'users' and column_name = 'is_operator'",
    );
    expect(column.rows).toHaveLength(1);
  });
});
