import { describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { analyzedPlanOf } from "../testing/query-plan.js";
import { inboxPage } from "./inbox-page.query.js";

// The label filter's plans (issue 16, decision 033): a label on few conversations is read from the
// label's GIN index and its conversations sorted, instead of walking the inbox's keyset index past
// every conversation without it; a label on many keeps the walk. The labels are put on after the
// index exists, as the projector puts them, so an index that kept a pending list would hold them
// all there.
describe("inbox query plans by label", () => {
  const bed = migratedDatabase();
  const orgId = "7c9e6679-7425-40de-944b-e07fc1f90b02";
  const conversations = 20_000;
  const common = "0b8f1f4e-6a43-4c55-8d0b-000000000001";
  const rare = "0b8f1f4e-6a43-4c55-8d0b-000000000002";

  /** Conversation i (a v4 UUID, as cursors carry): last message i minutes ago; the common label on every 3rd, the rare one on every 100th. */
  async function seed(): Promise<void> {
    await bed.client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, status, created_at, inbox_at, label_ids)
       select overlay(overlay(md5('c' || i) placing '4' from 13) placing '8' from 17)::uuid, $1, $1, md5('k' || i)::uuid, 'whatsapp:+44' || i, 'Customer ' || i,
              now() - (i || ' minutes')::interval, 'open', now(), now() - (i || ' minutes')::interval,
              case when i % 100 = 0 then jsonb_build_array($3::text, $4::text)
                   when i % 3 = 0 then jsonb_build_array($3::text) else '[]'::jsonb end
         from generate_series(1, $2::int) i`,
      [orgId, conversations, common, rare],
    );
    await bed.client.query("analyze readmodel.conversation");
  }

  /** Pages of the label index read so far (read and hit), by this connection's statements too. */
  async function labelIndexPagesRead(): Promise<number> {
    await bed.client.query("select pg_stat_force_next_flush()");
    const { rows } = await bed.client.query<{ pages: string }>(
      `select idx_blks_read + idx_blks_hit as pages from pg_statio_user_indexes
        where schemaname = 'readmodel' and indexrelname = 'conversation_label_ids_idx'`,
    );
    return Number(rows[0]?.pages);
  }

  /** The label's conversations, newest first, as the inbox orders them. */
  async function expectedIds(labelId: string, limit: number, offset: number): Promise<string[]> {
    const { rows } = await bed.client.query<{ id: string }>(
      `select id from readmodel.conversation where org_id = $1 and label_ids ? $2
        order by inbox_at desc, id desc limit $3 offset $4`,
      [orgId, labelId, limit, offset],
    );
    return rows.map((row) => row.id);
  }

  it("reads a rare label's first page by the label index, and its next page from the cursor", async () => {
    await seed();
    const before = await labelIndexPagesRead();
    const first = await inboxPage(bed.client, { orgId, limit: 50, labelId: rare });
    // The label's entries alone: a pending list (GIN's fastupdate) would hold all 20,000 conversations (66 pages read).
    expect((await labelIndexPagesRead()) - before).toBeLessThan(10);
    expect(first.conversations.map((c) => c.id)).toEqual(await expectedIds(rare, 50, 0));
    const plan = await analyzedPlanOf(bed.client, (db) => inboxPage(db, { orgId, limit: 50, labelId: rare }));
    expect(plan).toMatch(/Bitmap Index Scan on conversation_label_ids_idx/);
    expect(plan).not.toMatch(/conversation_inbox_keyset_idx/);

    const cursor = first.nextCursor;
    expect(cursor).toBeDefined();
    const second = await inboxPage(bed.client, { orgId, limit: 50, labelId: rare, cursor });
    expect(second.conversations.map((c) => c.id)).toEqual(await expectedIds(rare, 50, 50));
  });

  it("walks the inbox's keyset index for a label on many conversations", async () => {
    const page = await inboxPage(bed.client, { orgId, limit: 50, labelId: common });
    expect(page.conversations.map((c) => c.id)).toEqual(await expectedIds(common, 50, 0));
    const plan = await analyzedPlanOf(bed.client, (db) => inboxPage(db, { orgId, limit: 50, labelId: common }));
    expect(plan).toMatch(/Index Scan using conversation_inbox_keyset_idx/);
  });
});
