import { Migration } from "@mikro-orm/migrations";
import { inboundMessageIdFor, legacyInboundMessageIdFor } from "../projections/message-ids.js";

/** Inbound messages re-keyed per round trip: a bounded statement on a large inbox. */
const BATCH = 5000;

/**
 * A MessageSid names a message within one org only (decision 006): `message` is unique on
 * (org_id, provider_sid) instead of provider_sid, `pending_status` is keyed by both, and
 * inbound messages take the id `inboundMessageIdFor(orgId, sid)`, so the live read model keeps
 * equal to what a rebuild from the same events writes. Written so that it also holds on a
 * schema whose first migration already made the new shape (from 2026-12-02 until that migration
 * was frozen as literal SQL, it was built from the DDL of the day). The ids it computes are
 * decision 006's, which never change.
 */
export class Migration20261202MessagesKeyedByOrg extends Migration {
  override name = "Migration20261202MessagesKeyedByOrg";

  override async up(): Promise<void> {
    const schema = `"${this.config.get("schema") ?? "readmodel"}"`;
    await this.execute(`drop index if exists ${schema}.message_provider_sid_uq`);
    await this.execute(
      `create unique index if not exists message_org_provider_sid_uq on ${schema}.message (org_id, provider_sid)`,
    );
    await this.execute(`alter table ${schema}.pending_status drop constraint if exists pending_status_pkey`);
    await this.execute(`alter table ${schema}.pending_status add primary key (org_id, provider_sid)`);

    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = (await this.execute(
        `select id, org_id, provider_sid from ${schema}.message
          where direction = 'inbound' and provider_sid is not null and id > ? order by id limit ${BATCH}`,
        [after],
      )) as { id: string; org_id: string; provider_sid: string }[];
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.id ?? after;
      // Only ids still in the old form move; a row already moved (and seen again) stays.
      const moves = rows.filter((row) => row.id === legacyInboundMessageIdFor(row.provider_sid));
      if (moves.length === 0) continue;
      const olds = `{${moves.map((row) => row.id).join(",")}}`;
      const news = `{${moves.map((row) => inboundMessageIdFor(row.org_id, row.provider_sid)).join(",")}}`;
      await this.execute(
        `update ${schema}.message m set id = r.new_id
           from unnest(?::uuid[], ?::uuid[]) as r(old_id, new_id) where m.id = r.old_id`,
        [olds, news],
      );
      await this.execute(
        `update ${schema}.conversation c set last_message_id = r.new_id
           from unnest(?::uuid[], ?::uuid[]) as r(old_id, new_id) where c.last_message_id = r.old_id`,
        [olds, news],
      );
    }
  }
}
