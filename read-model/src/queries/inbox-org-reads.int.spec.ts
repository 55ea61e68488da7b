import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { inboxOrgReads } from "./inbox-org-reads.query.js";
import { labelsOfOrg } from "./labels-of-org.query.js";
import { unreadConversationsUpTo } from "./unread-conversations.query.js";

// The inbox's reads of the org besides its page, in one statement (issue 16): the alerts (their
// columns have their own spec, new-message-alerts.int.spec.ts) and the labels as labelsOfOrg reads
// them, never another org's.
describe("the inbox's reads of the org, in one statement", () => {
  const bed = migratedDatabase();
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const conversationId = randomUUID();

  beforeAll(async () => {
    const db = bed.client;
    await db.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
         last_message_at, unread_count, status, created_at, inbox_at)
       values ($1, $2, $2, $1, 'whatsapp:+447700900001', 'Ada', now(), 2, 'open', now(), now())`,
      [conversationId, orgId],
    );
    for (const [i, body] of ["First", "Second"].entries())
      await db.query(
        `insert into readmodel.message (id, org_id, conversation_id, direction, body, status, sent_at)
         values ($1, $2, $3, 'inbound', $4, 'received', now() - ($5 || ' seconds')::interval)`,
        [randomUUID(), orgId, conversationId, body, 10 - i],
      );
    // Names out of order, one of them in another case, and another org's label.
    for (const [org, name] of [
      [orgId, "VIP"],
      [orgId, "billing"],
      [orgId, "Urgent"],
      [otherOrgId, "Not yours"],
    ] as const)
      await db.query(
        "insert into readmodel.label (id, org_id, name, colour, created_at) values ($1, $2, $3, 'red', now())",
        [randomUUID(), org, name],
      );
  });

  it("gives the alerts and the labels as each is read alone", async () => {
    const reads = await inboxOrgReads(bed.client, { orgId, atMost: 100, latest: 5 });
    expect(reads.unreadConversations).toBe(await unreadConversationsUpTo(bed.client, { orgId, atMost: 100 }));
    expect(reads.unreadConversations).toBe(1);
    expect(reads.latest.map((m) => m.body)).toEqual(["Second", "First"]);
    const labels = await labelsOfOrg(bed.client, { orgId });
    expect(reads.labels).toEqual(labels.map((label) => ({ ...label, createdAt: expect.any(String) })));
    expect(reads.labels.map((label) => new Date(label.createdAt).getTime())).toEqual(
      labels.map((label) => label.createdAt.getTime()),
    );
    expect(reads.labels.map((label) => label.name)).not.toContain("Not yours");
  });

  // Named (decision 034) with its counts in the text (decision 035): a LIMIT sent as a value made
  // the generic plan a parallel scan of the org's messages (55 ms at 1M messages against 0.1 ms),
  // so Postgres planned the statement on every run and naming it saved nothing.
  it("is a named statement with its counts in its text, not among its values", async () => {
    const first = await inboxOrgReads(bed.client, { orgId, atMost: 100, latest: 5 });
    for (let run = 0; run < 7; run++)
      expect(await inboxOrgReads(bed.client, { orgId, atMost: 100, latest: 5 })).toEqual(first);
    const { rows } = await bed.client.query<{ statement: string; types: string[] }>(
      `SELECT statement, parameter_types::text[] AS types FROM pg_prepared_statements
        WHERE name LIKE 'rm\\_%' AND statement LIKE '%json_agg(l ORDER BY l.name%'`,
    );
    expect(rows).toHaveLength(1);
    const [prepared] = rows;
    // Only the org (once per part) and `now` (the unread count's snoozes, the alerts' mutes) are values.
    expect(prepared?.types).toEqual(["uuid", "timestamp with time zone", "uuid", "timestamp with time zone", "uuid"]);
    // The unread count's cap and the labels' (100 each), and the alerts' messages.
    expect(prepared?.statement.match(/ limit \d+/g)).toEqual([" limit 100", " limit 5", " limit 100"]);
  });

  it("gives one row for an org with nothing: no alerts, no labels", async () => {
    expect(await inboxOrgReads(bed.client, { orgId: randomUUID(), atMost: 100, latest: 5 })).toEqual({
      unreadConversations: 0,
      latest: [],
      labels: [],
    });
  });
});
