import { EXECUTED_MIGRATIONS_TABLE, migrateSchema } from "@cloudpa/read-model";
import type pg from "pg";
import { APP_MIGRATIONS } from "./app-migrations.ts";

export const APP_SCHEMA = "app";

/**
 * Before MikroORM's migrator ran schema `app` (issue 13), a runner of the web's own recorded what
 * it applied in `app.migrations` (name, applied_at). An installation it migrated keeps that record:
 * it moves, in order and with its times, into the migrator's table, so nothing runs twice.
 */
export async function carryOverHandRolledRecord(db: pg.ClientBase, schema: string): Promise<void> {
  const { rows } = await db.query("select to_regclass($1) is not null as present", [`"${schema}".migrations`]);
  if (!rows[0]?.present) return;
  await db.query("begin");
  try {
    await db.query(
      `insert into "${schema}".${EXECUTED_MIGRATIONS_TABLE} (name, executed_at)
         select m.name, m.applied_at from "${schema}".migrations m
          where not exists (select 1 from "${schema}".${EXECUTED_MIGRATIONS_TABLE} e where e.name = m.name)
          order by m.applied_at, m.name`,
    );
    await db.query(`drop table "${schema}".migrations`);
    await db.query("commit");
  } catch (error) {
    await db.query("rollback");
    throw error;
  }
}

/** Applies the pending migrations of schema `app` (MikroORM's migrator, all in one transaction); returns their names. */
export function migrateApp(databaseUrl: string): Promise<string[]> {
  return migrateSchema(databaseUrl, {
    schema: APP_SCHEMA,
    migrations: APP_MIGRATIONS,
    beforeMigrating: carryOverHandRolledRecord,
  });
}
