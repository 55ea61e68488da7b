import { Migration } from "@mikro-orm/migrations";

export type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

/**
 * A migration that runs `sql` as written: the literal text applied, frozen. Nothing it runs is
 * computed from today's code, so editing the code later never rewrites a migration a database
 * already recorded. Unqualified names resolve in the schema being migrated (the migrator sets it
 * as `search_path`).
 */
export function sqlMigration(name: string, ...sql: string[]): MigrationClass & { readonly sql: readonly string[] } {
  return class extends Migration {
    /** The statements, as they run. */
    static readonly sql: readonly string[] = sql;
    override name = name;

    up(): void {
      for (const statement of sql) this.addSql(statement);
    }
  };
}
