import pg from "pg";
import { describe, expect, it } from "vitest";
import { createReadModelOrm } from "../orm.js";
import { migratedDatabase } from "../testing/migrated-database.js";

/**
 * The read model is declared three times over: the entities, the migrations, and what a database
 * holds once they ran. This test fails when they disagree: a column added to an entity without its
 * migration (or the reverse), an index only one of them has, a changed type, default or check.
 */

/** Columns, constraints and indexes of `schema` as Postgres holds them, with the schema's name taken out. */
async function catalogueOf(client: pg.Client, schema: string) {
  const columns = await client.query(
    `select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
            a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid and c.relkind = 'r'
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = $1 and a.attnum > 0 and not a.attisdropped and c.relname <> 'mikro_orm_migrations'
      order by 1, 2`,
    [schema],
  );
  const constraints = await client.query(
    `select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as definition
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname <> 'mikro_orm_migrations'
      order by 1, 2`,
    [schema],
  );
  const indexes = await client.query(
    `select tablename as table, indexname as name, replace(indexdef, $2, '') as definition
       from pg_indexes where schemaname = $1 and tablename <> 'mikro_orm_migrations'
      order by 1, 2`,
    [schema, `${schema}.`],
  );
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

describe("schema drift: entities, migrations and the database agree", () => {
  const bed = migratedDatabase();

  it("MikroORM's SchemaGenerator finds nothing to change between the entities and a database the migrations made", async () => {
    const { db } = bed;
    const orm = await createReadModelOrm(db.url);
    try {
      const diff = await orm.schema.getUpdateSchemaMigrationSQL({ wrap: false });
      expect(diff.up, "the entities declare what the migrations did not make; write the migration").toBe("");
      expect(diff.down, "the migrations made what the entities do not declare; declare it").toBe("");
    } finally {
      await orm.close(true);
    }
  });

  it("the schema the entities generate has the migrated schema's columns, constraints and indexes, SQL for SQL", async () => {
    const { db, client } = bed;
    // MikroORM compares indexes written as SQL by name only; this compares their definitions too.
    const fromEntities = "readmodel_from_entities";
    const orm = await createReadModelOrm(db.url, fromEntities);
    try {
      await orm.schema.create({ schema: fromEntities });
    } finally {
      await orm.close(true);
    }
    const migrated = await catalogueOf(client, "readmodel");
    expect(new Set(migrated.columns.map((column) => column.table))).toEqual(
      new Set([
        "chat_account",
        "contact",
        "conversation",
        "conversation_note",
        "label",
        "message",
        "pending_status",
        "projection_checkpoint",
        "quarantine",
        "saved_reply",
      ]),
    );
    expect(await catalogueOf(client, fromEntities)).toEqual(migrated);
  });
});
