import { Migration } from "@mikro-orm/migrations";
import { createIndexesSql, createTablesSql } from "../schema/read-model-ddl.js";

/** The read model's first tables. The migrator runs it with `search_path` set to the target schema. */
export class Migration20261125ReadModel extends Migration {
  override name = "Migration20261125ReadModel";

  up(): void {
    for (const statement of [...createTablesSql(null), ...createIndexesSql(null)]) this.addSql(statement);
  }

  override down(): void {
    for (const table of [
      "quarantine",
      "projection_checkpoint",
      "pending_status",
      "message",
      "conversation",
      "contact",
      "chat_account",
    ]) {
      this.addSql(`drop table if exists ${table}`);
    }
  }
}
