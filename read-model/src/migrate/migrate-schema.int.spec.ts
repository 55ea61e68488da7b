import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateSchema } from "./migrate-schema.js";
import { sqlMigration } from "./sql-migration.js";

const migrations = [
  sqlMigration("0001-first", "create table thing (id int primary key)", "create index thing_id_idx on thing (id)"),
  sqlMigration(
    "0002-second",
    `alter table thing add column name text not null default '';
     create table other (id int primary key);`,
  ),
];

describe("migrateSchema: MikroORM's migrator over any schema", () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await testDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it("creates the schema, runs the literal SQL in it once and records each migration in the schema's own table", async () => {
    // Two at once: the lock lets one migrate, the other then finds nothing pending.
    const runs = await Promise.all([
      migrateSchema(db.url, { schema: "one", migrations }),
      migrateSchema(db.url, { schema: "one", migrations }),
    ]);
    expect(runs.sort((a, b) => b.length - a.length)).toEqual([["0001-first", "0002-second"], []]);
    const recorded = await client.query("select name from one.mikro_orm_migrations order by id");
    expect(recorded.rows.map((row) => row.name)).toEqual(["0001-first", "0002-second"]);
    const tables = await client.query(
      "select table_name from information_schema.tables where table_schema = 'one' order by 1",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(["mikro_orm_migrations", "other", "thing"]);
    expect(await migrateSchema(db.url, { schema: "one", migrations })).toEqual([]);
  });

  it("migrates another schema with its own record, and runs a set-up step before reading it", async () => {
    const seen: string[] = [];
    const applied = await migrateSchema(db.url, {
      schema: "two",
      migrations,
      beforeMigrating: async (runner, schema) => {
        const { rows } = await runner.query(`select count(*)::int as n from "${schema}".mikro_orm_migrations`);
        seen.push(`${schema}:${rows[0].n}`);
        await runner.query(`insert into "${schema}".mikro_orm_migrations (name) values ('0001-first')`);
        await runner.query(`create table "${schema}".thing (id int primary key)`);
      },
    });
    expect(seen).toEqual(["two:0"]);
    expect(applied).toEqual(["0002-second"]);
  });

  it("applies nothing when one migration fails: the pending ones run in one transaction", async () => {
    const failing = [...migrations, sqlMigration("0003-broken", "create table thing (id int)")];
    await expect(migrateSchema(db.url, { schema: "three", migrations: failing })).rejects.toThrow();
    const schemas = await client.query(
      "select table_name from information_schema.tables where table_schema = 'three' order by 1",
    );
    expect(schemas.rows.map((row) => row.table_name)).toEqual(["mikro_orm_migrations"]);
  });
});
