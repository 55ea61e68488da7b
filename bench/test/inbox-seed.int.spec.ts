import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { inboxPage } from "@cloudpa/read-model";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InboxResult, measureInbox } from "../src/figures/inbox.js";
import { INBOX_SEED_SHAPE } from "../src/figures/inbox-seed.js";
import { type BenchDatabase, benchDatabase } from "../src/infra/bench-database.js";

// The inbox group on a small seed: the labels, archives, snoozes, pins and notes it adds are rows
// the projection could have written (real tables, the org's own labels, inbox_at as the projection
// keeps it), in about the shares of INBOX_SEED_SHAPE, and every loader query it times runs on them.
describe("bench inbox group seed", () => {
  const conversations = 3000;
  let database: BenchDatabase;
  let client: pg.Client;
  let result: InboxResult;

  beforeAll(async () => {
    database = await benchDatabase();
    result = await measureInbox(database, { conversations, messages: 6000, iterations: 3 }, () => undefined);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, 90_000);

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const one = async (sql: string): Promise<number> => {
    const { rows } = await client.query<{ n: string }>(sql);
    return Number(rows[0]?.n);
  };

  it("seeds about the shares of INBOX_SEED_SHAPE", () => {
    const share = (n: number) => (100 * n) / conversations;
    const { seeded } = result;
    expect(share(seeded.labelled)).toBeCloseTo(INBOX_SEED_SHAPE.labelledPercent, -1);
    expect(share(seeded.archived)).toBeCloseTo(INBOX_SEED_SHAPE.archivedPercent, -1);
    expect(Math.abs(share(seeded.snoozed) - INBOX_SEED_SHAPE.snoozedPercent)).toBeLessThan(2);
    expect(seeded.snoozedDue).toBeGreaterThan(0);
    expect(seeded.snoozedDue).toBeLessThan(seeded.snoozed);
    expect(Math.abs(share(seeded.noted) - INBOX_SEED_SHAPE.notedPercent)).toBeLessThan(3);
    expect(seeded.notes).toBeGreaterThanOrEqual(seeded.noted);
    expect(seeded.notes).toBeLessThanOrEqual(5 * seeded.noted);
    expect(seeded.pinned).toBeLessThan(conversations / 100);
    expect(seeded.byLabel).toHaveLength(INBOX_SEED_SHAPE.labels);
    expect(result.commonLabel.conversations).toBeGreaterThan(3 * result.rareLabel.conversations);
  });

  it("puts 1 to 3 distinct labels of the org on a labelled conversation, and none of another org's", async () => {
    expect(
      await one(`select count(*) as n from readmodel.conversation c, jsonb_array_elements_text(c.label_ids) e
                  where not exists (select 1 from readmodel.label l where l.id::text = e and l.org_id = c.org_id)`),
    ).toBe(0);
    expect(
      await one(`select count(*) as n from readmodel.conversation
                  where label_ids <> '[]' and (jsonb_array_length(label_ids) > 3
                     or jsonb_array_length(label_ids) <> (select count(distinct e) from jsonb_array_elements_text(label_ids) e))`),
    ).toBe(0);
  });

  it("keeps inbox_at as the projection does: the later of the last message and the snooze's end", async () => {
    expect(
      await one(`select count(*) as n from readmodel.conversation
                  where inbox_at is distinct from greatest(last_message_at, snoozed_until)
                     or (archived_at is not null and snoozed_until is not null)`),
    ).toBe(0);
  });

  it("writes notes on the org's seeded conversations only, a deleted one kept with its text emptied", async () => {
    expect(
      await one(`select count(*) as n from readmodel.conversation_note n
                  where not exists (select 1 from readmodel.conversation c where c.id = n.conversation_id and c.org_id = n.org_id)`),
    ).toBe(0);
    expect(
      await one("select count(*) as n from readmodel.conversation_note where deleted_at is not null and body <> ''"),
    ).toBe(0);
    expect(
      await one("select count(*) as n from readmodel.conversation_note where deleted_at is not null"),
    ).toBeGreaterThan(0);
  });

  it("times every loader query it reports, on pages the filters hold", async () => {
    for (const samples of [
      result.inboxFirstPage,
      result.inboxCommonLabel,
      result.inboxRareLabel,
      result.archivedFirstPage,
      result.notedConversation,
    ])
      expect(samples.count).toBe(3);
    const labelled = await inboxPage(client, { orgId: DEFAULT_ORG_ID, limit: 50, labelId: result.rareLabel.labelId });
    expect(labelled.conversations.length).toBeGreaterThan(0);
    for (const c of labelled.conversations) expect(c.labelIds).toContain(result.rareLabel.labelId);
    const archived = await inboxPage(client, { orgId: DEFAULT_ORG_ID, limit: 50, view: "archived" });
    expect(archived.conversations).toHaveLength(50);
    for (const c of archived.conversations) expect(c.archivedAt).not.toBeNull();
    const inbox = await inboxPage(client, { orgId: DEFAULT_ORG_ID, limit: 50 });
    for (const c of inbox.conversations) {
      expect(c.archivedAt).toBeNull();
      if (c.snoozedUntil) expect(new Date(c.snoozedUntil).getTime()).toBeLessThanOrEqual(Date.now());
    }
  });
});
