import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { inboxPage, MAX_INBOX_PAGE } from "./inbox-page.query.js";

// The inbox page without a label or a search is a named statement, its row count written into its
// text and rounded up to a power of two, its partition's position read with the partitions as a
// value (decision 035): every page size still pages exactly, a connection holds a few texts
// whatever sizes and partitions it is asked for, and a label's or a search's page stays planned
// per request (decision 033).
describe("the inbox page as a named statement", () => {
  const bed = migratedDatabase();
  const orgId = randomUUID();
  const labelId = randomUUID();
  const conversations = 40;
  let newestFirst: string[] = [];

  beforeAll(async () => {
    const { rows } = await bed.client.query<{ id: string }>(
      `with customer as (
         insert into readmodel.contact (id, org_id, handle, profile_name, first_seen_at)
         select gen_random_uuid(), $1, 'whatsapp:+44' || i, 'Customer ' || i, now() from generate_series(1, $3::int) i
         returning id, handle, profile_name, substr(handle, 13)::int as i)
       insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, status, created_at, inbox_at, label_ids)
       select gen_random_uuid(), $1, $1, id, handle, profile_name,
              now() - (i || ' minutes')::interval, 'open', now(), now() - (i || ' minutes')::interval,
              case when i % 2 = 0 then jsonb_build_array($2::text) else '[]'::jsonb end
         from customer order by i
       returning id, inbox_at`,
      [orgId, labelId, conversations],
    );
    newestFirst = rows.map((row) => row.id);
  });

  const namedPages = async () =>
    (
      await bed.client.query<{ statement: string; types: string[] }>(
        `SELECT statement, parameter_types::text[] AS types FROM pg_prepared_statements
          WHERE name LIKE 'rm\\_%' AND statement LIKE '%"readmodel"."conversation" as "c"%'`,
      )
    ).rows;

  it("walks every conversation once, in order, at every page size", async () => {
    for (const limit of [1, 2, 3, 7, 15, 16, 30, 39, 40, 41, MAX_INBOX_PAGE]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await inboxPage(bed.client, { orgId, limit, cursor });
        expect(page.conversations.length).toBeLessThanOrEqual(limit);
        seen.push(...page.conversations.map((conversation) => conversation.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(seen, `pages of ${limit}`).toEqual(newestFirst);
      expect(pages).toBe(Math.max(1, Math.ceil(conversations / limit)));
    }
  });

  it("names the page without a filter, with only the org and now as values, and a few texts for 100 sizes", async () => {
    for (let limit = 1; limit <= MAX_INBOX_PAGE; limit++) await inboxPage(bed.client, { orgId, limit });
    const named = (await namedPages()).filter((row) => !row.statement.includes(" < ("));
    expect(named.map((row) => row.types)).toEqual(named.map(() => ["uuid", "timestamp with time zone"]));
    const limits = named.map((row) => Number(row.statement.match(/ limit (\d+)$/)?.[1])).sort((a, b) => a - b);
    expect(limits).toEqual([2, 4, 8, 16, 32, 64, MAX_INBOX_PAGE + 1]);
  });

  it("reads every partition's position through one named text", async () => {
    await bed.client.query(
      `insert into readmodel.projection_checkpoint (projection, stream, partition, last_seq, lease_epoch, updated_at)
       select 'inbox', 'events', p, 100 + p, 0, now() from generate_series(0, 15) p`,
    );
    for (let partition = 0; partition < 16; partition++)
      expect((await inboxPage(bed.client, { orgId, limit: 30, positionOf: { partition } })).position).toBe(
        100 + partition,
      );
    const positioned = (await namedPages()).filter((row) => row.statement.includes("projection_checkpoint"));
    expect(positioned).toHaveLength(1);
    expect(positioned[0]?.types).toEqual(["integer[]", "uuid", "timestamp with time zone"]);
  });

  it("plans a label's page and a search's page per request, unnamed", async () => {
    const before = (await namedPages()).length;
    const labelled = await inboxPage(bed.client, { orgId, limit: 30, labelId });
    expect(labelled.conversations).toHaveLength(20);
    const searched = await inboxPage(bed.client, { orgId, limit: 30, search: "Customer 1" });
    expect(searched.conversations.map((conversation) => conversation.contactDisplayName)).toContain("Customer 10");
    expect(await namedPages()).toHaveLength(before);
  });
});
