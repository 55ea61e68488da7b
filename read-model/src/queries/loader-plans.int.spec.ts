import { describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { analyzedPlanOf } from "../testing/query-plan.js";
import { contactCard } from "./contact-card.query.js";
import { inboxPage } from "./inbox-page.query.js";
import type { SqlQueryable } from "./sql-queryable.js";

// The plans Migration20261203LoaderIndexes gave the loaders (issue 15, found by the bench's inbox
// group): the inbox's first page skips the conversations snoozed into the future inside its keyset
// index, without fetching their rows; the contact card finds a contact's conversations by index.
describe("loader query plans with snoozes and contacts", () => {
  const bed = migratedDatabase();
  const orgId = "7c9e6679-7425-40de-944b-e07fc1f90b01";
  const conversations = 20_000;

  /** Conversation i: a contact of its own, last message i minutes ago; every 10th snoozed 1 to 2 days ahead. */
  async function seed(): Promise<void> {
    await bed.client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, status, created_at, inbox_at, snoozed_until)
       select md5('c' || i)::uuid, $1, $1, md5('k' || i)::uuid, 'whatsapp:+44' || i, 'Customer ' || i,
              now() - (i || ' minutes')::interval, 'open', now(),
              case when i % 10 = 0 then now() + ((24 + i % 24) || ' hours')::interval else now() - (i || ' minutes')::interval end,
              case when i % 10 = 0 then now() + ((24 + i % 24) || ' hours')::interval end
         from generate_series(1, $2::int) i`,
      [orgId, conversations],
    );
    await bed.client.query(
      `insert into readmodel.contact (id, org_id, handle, wa_id, first_seen_at)
       select md5('k' || i)::uuid, $1, 'whatsapp:+44' || i, '44' || i, now() from generate_series(1, $2::int) i`,
      [orgId, conversations],
    );
    await bed.client.query("analyze readmodel.conversation");
    await bed.client.query("analyze readmodel.contact");
  }

  const planOf = (run: (db: SqlQueryable) => Promise<unknown>) => analyzedPlanOf(bed.client, run);

  it("reads the inbox's first page past the future snoozes on top within the index", async () => {
    await seed();
    const page = await inboxPage(bed.client, { orgId, limit: 30 });
    expect(page.conversations).toHaveLength(30);
    expect(page.conversations.every((c) => c.snoozedUntil === null)).toBe(true);
    const plan = await planOf((db) => inboxPage(db, { orgId, limit: 30 }));
    expect(plan).toMatch(/Index Scan using conversation_inbox_keyset_idx/);
    expect(plan).toMatch(/Index Cond: .*COALESCE\(snoozed_until, '-infinity'/);
    // Rows fetched and then dropped would be the 2,000 snoozed ones.
    expect(plan).not.toMatch(/Rows Removed by Filter/);
    // A snooze that is over brings its conversation back on top.
    const later = new Date(Date.now() + 3 * 24 * 3600_000);
    const back = await inboxPage(bed.client, { orgId, limit: 30, now: later });
    expect(back.conversations[0]?.snoozedUntil).not.toBeNull();
  });

  it("lists a contact's conversations for the contact card by (org_id, contact_id)", async () => {
    const conversationId = (await bed.client.query<{ id: string }>("select md5('c7')::uuid as id")).rows[0]?.id ?? "";
    const card = await contactCard(bed.client, { orgId, conversationId });
    expect(card?.conversations.map((c) => c.id)).toEqual([conversationId]);
    const plan = await planOf((db) => contactCard(db, { orgId, conversationId }));
    expect(plan).toMatch(/Index Scan using conversation_org_contact_idx/);
    expect(plan).not.toMatch(/Seq Scan on conversation/);
  });
});
