import { describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { analyzedPlanOf } from "../testing/query-plan.js";
import { unreadConversationsUpTo } from "./unread-conversations.query.js";

// The title's and favicon's unread count (issue 16): counted up to a cap, from the unread index,
// with the inbox's own rules (archived and future-snoozed conversations are not in the inbox).
describe("the inbox's unread conversations, counted up to a cap", () => {
  const bed = migratedDatabase();
  const orgId = "7c9e6679-7425-40de-944b-e07fc1f90b01";
  const otherOrgId = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const conversations = 20_000;
  const hour = 3600_000;

  /**
   * Conversation i of the org, last message i minutes ago, unread when i is odd; of the unread,
   * i % 10 = 1 archived, i % 10 = 3 snoozed 1 to 2 days ahead (on top by inbox_at), i % 10 = 5
   * snoozed until an hour ago (back in the inbox). So 6,000 unread in the inbox, 2,000 unread
   * snoozed into the future. The other org has 500 unread conversations.
   */
  async function seed(): Promise<void> {
    await bed.client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, unread_count, status, created_at, inbox_at, archived_at, snoozed_until)
       select md5('c' || i)::uuid, $1, $1, md5('k' || i)::uuid, 'whatsapp:+44' || i, 'Customer ' || i,
              last_at, i % 2, 'open', now(), greatest(last_at, snooze_end),
              case when i % 10 = 1 then last_at end, snooze_end
         from (select i, now() - (i || ' minutes')::interval as last_at,
                      case i % 10 when 3 then now() + ((24 + i % 24) || ' hours')::interval
                                  when 5 then now() - interval '1 hour' end as snooze_end
                 from generate_series(1, $2::int) i) s`,
      [orgId, conversations],
    );
    await bed.client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, unread_count, status, created_at, inbox_at)
       select md5('o' || i)::uuid, $1, $1, md5('p' || i)::uuid, 'whatsapp:+45' || i, 'Other ' || i,
              now() - (i || ' minutes')::interval, 2, 'open', now(), now() - (i || ' minutes')::interval
         from generate_series(1, 500) i`,
      [otherOrgId],
    );
    await bed.client.query("vacuum analyze readmodel.conversation");
  }

  it("counts exactly below the cap, and stops at it", async () => {
    await seed();
    expect(await unreadConversationsUpTo(bed.client, { orgId, atMost: 10_000 })).toBe(6_000);
    expect(await unreadConversationsUpTo(bed.client, { orgId, atMost: 6_001 })).toBe(6_000);
    expect(await unreadConversationsUpTo(bed.client, { orgId, atMost: 100 })).toBe(100);
  });

  it("counts the org's own only", async () => {
    expect(await unreadConversationsUpTo(bed.client, { orgId: otherOrgId, atMost: 10_000 })).toBe(500);
    const nobody = "3f333df6-90a4-4fda-8dd3-9485d27cee36";
    expect(await unreadConversationsUpTo(bed.client, { orgId: nobody, atMost: 100 })).toBe(0);
  });

  it("counts a snoozed conversation once its snooze is over", async () => {
    const later = new Date(Date.now() + 3 * 24 * hour);
    expect(await unreadConversationsUpTo(bed.client, { orgId, atMost: 10_000, now: later })).toBe(8_000);
  });

  it("reads at most the cap's rows from the unread index, past the future snoozes on top within it", async () => {
    const plan = await analyzedPlanOf(bed.client, (db) => unreadConversationsUpTo(db, { orgId, atMost: 100 }));
    expect(plan).toMatch(/Limit/);
    expect(plan).toMatch(
      /Index (Only )?Scan using conversation_inbox_unread_idx on conversation .*rows=100(\.00)? loops=1/,
    );
    expect(plan).toMatch(/Index Cond: .*COALESCE\(snoozed_until, '-infinity'/);
    expect(plan).not.toMatch(/Seq Scan/);
    // Rows fetched and then dropped would be the 2,000 unread conversations snoozed into the future.
    expect(plan).not.toMatch(/Rows Removed by Filter/);
  });
});
