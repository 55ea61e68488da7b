import { Migration } from "@mikro-orm/migrations";
import { inboxIndexesSql } from "../queries/inbox-indexes.js";

/** The indexes the web's inbox queries read (keyset order, unread filter, trigram search). */
export class Migration20261125InboxIndexes extends Migration {
  override name = "Migration20261125InboxIndexes";

  up(): void {
    const schema = this.config.get("schema") ?? "readmodel";
    for (const statement of inboxIndexesSql(schema)) this.addSql(statement);
  }
}
