import { Migrator } from "@mikro-orm/migrations";
import { MikroORM } from "@mikro-orm/postgresql";
import pg from "pg";
import { POSTGRES_CONNECT_TIMEOUT_MS } from "../store/postgres-connect-timeout.js";
import type { MigrationClass } from "./sql-migration.js";

/** Where each schema records the migrations it ran: a table of its own, in that schema. */
export const EXECUTED_MIGRATIONS_TABLE = "mikro_orm_migrations";

/** MikroORM's migrator settings for `schema`: the given list, recorded in the schema itself, all or nothing. */
export function migratorOptions(schema: string, migrations: readonly MigrationClass[]) {
  return {
    migrationsList: [...migrations],
    tableName: EXECUTED_MIGRATIONS_TABLE,
    schema,
    snapshot: false,
    snapshotOnMigrate: false,
    silent: true,
    transactional: true,
    allOrNothing: true,
  };
}

export interface SchemaMigrations {
  schema: string;
  /** In order; each one's `name` is what the executed-migrations table records. */
  migrations: readonly MigrationClass[];
  /**
   * Runs once the executed-migrations table exists and before the pending migrations are read,
   * under the same lock (e.g. to carry over a record an older runner kept elsewhere).
   */
  beforeMigrating?: (client: pg.ClientBase, schema: string) => Promise<void>;
}

/**
 * Creates `schema` if needed and runs its pending migrations through MikroORM's migrator, all in
 * one transaction; returns their names. One process migrates a schema at a time (an advisory
 * lock), the others wait and then find nothing pending. Its own step, never a start-up hook.
 */
export async function migrateSchema(databaseUrl: string, spec: SchemaMigrations): Promise<string[]> {
  const { schema } = spec;
  // Connected first: a Postgres that does not answer fails the migration here, within the limit.
  const lock = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS });
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock(hashtext($1))", [`cloudpa:migrate:${schema}`]);
    const orm = await MikroORM.init({
      clientUrl: databaseUrl,
      schema,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      extensions: [Migrator],
      ensureDatabase: false,
      allowGlobalContext: false,
      pool: { min: 0, max: 2 },
      migrations: migratorOptions(schema, spec.migrations),
    });
    try {
      // Makes the schema and its executed-migrations table if they are not there yet.
      await orm.migrator.getExecuted({ schema });
      await spec.beforeMigrating?.(lock, schema);
      const applied = await orm.migrator.up({ schema });
      return applied.map((migration) => migration.name);
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query("select pg_advisory_unlock_all()").catch(() => undefined);
    await lock.end();
  }
}
