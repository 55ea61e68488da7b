import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { inboxOrgReads } from "./inbox-org-reads.query.js";
import { unreadConversationsUpTo } from "./unread-conversations.query.js";

// The alerts' columns (alertColumns), read by the inbox's statement of the org (inboxOrgReads,
// issue 16): the unread count as unreadConversationsUpTo counts it, and the org's latest customer
// messages, newest first, never another org's.
describe("the new-message alerts, read in one statement", () => {
  const bed = migratedDatabase();
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const conversations = [randomUUID(), randomUUID(), randomUUID()];
  const inbound: string[] = [];

  beforeAll(async () => {
    const db = bed.client;
    for (const [i, id] of conversations.entries())
      await db.query(
        `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
           last_message_at, unread_count, status, created_at, inbox_at)
         values ($1, $2, $2, $1, 'whatsapp:+4470' || $3, 'Customer ' || $3, now(), $4, 'open', now(), now())`,
        [id, orgId, i, i === 2 ? 0 : 1],
      );
    // Seven messages a second apart, oldest first: outbound every third, the rest from the customer.
    for (let i = 0; i < 7; i++) {
      const id = randomUUID();
      const direction = i % 3 === 2 ? "outbound" : "inbound";
      if (direction === "inbound") inbound.unshift(id);
      await db.query(
        `insert into readmodel.message (id, org_id, conversation_id, direction, body, status, sent_at)
         values ($1, $2, $3, $4, 'Message ' || $5, 'delivered', now() - ($6 || ' seconds')::interval)`,
        [id, orgId, conversations[i % 3], direction, i, 10 - i],
      );
    }
    // Another org's newer customer message never shows.
    await db.query(
      `insert into readmodel.message (id, org_id, conversation_id, direction, body, status, sent_at)
       values ($1, $2, $3, 'inbound', 'Not yours', 'received', now())`,
      [randomUUID(), otherOrgId, conversations[0]],
    );
  });

  it("gives the unread count and the latest customer messages, newest first", async () => {
    const alerts = await inboxOrgReads(bed.client, { orgId, atMost: 100, latest: 3 });
    expect(alerts.unreadConversations).toBe(await unreadConversationsUpTo(bed.client, { orgId, atMost: 100 }));
    expect(alerts.unreadConversations).toBe(2);
    expect(alerts.latest.map((m) => m.id)).toEqual(inbound.slice(0, 3));
    expect(alerts.latest[0]).toMatchObject({ body: "Message 6", contact_display_name: "Customer 0", media: [] });
  });

  it("caps the count as unreadConversationsUpTo does", async () => {
    expect((await inboxOrgReads(bed.client, { orgId, atMost: 1, latest: 3 })).unreadConversations).toBe(1);
  });

  it("gives one row for an org with no messages: nothing unread, no messages", async () => {
    expect(await inboxOrgReads(bed.client, { orgId: randomUUID(), atMost: 100, latest: 5 })).toMatchObject({
      unreadConversations: 0,
      latest: [],
    });
  });
});

// A muted conversation's messages are not among the latest (an open tab neither sounds nor notifies
// them), so a burst of them does not push an unmuted one out; an ended mute's are again.
describe("the new-message alerts of an org with muted conversations", () => {
  const bed = migratedDatabase();
  const orgId = randomUUID();
  const [unmuted, always, forAnHour, ended] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const latestOf: Record<string, string> = {};

  beforeAll(async () => {
    const db = bed.client;
    // Oldest first, a minute apart: the unmuted one's message is the oldest of all.
    for (const [i, [id, mute]] of (
      [
        [unmuted, "muted = false"],
        [always, "muted = true"],
        [forAnHour, "muted = true, muted_until = now() + interval '1 hour'"],
        [ended, "muted = true, muted_until = now() - interval '1 minute'"],
      ] as const
    ).entries()) {
      await db.query(
        `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
           last_message_at, unread_count, status, created_at, inbox_at)
         values ($1, $2, $2, $1, 'whatsapp:+4471' || $3, 'Customer ' || $3, now(), 1, 'open', now(), now())`,
        [id, orgId, i],
      );
      await db.query(`update readmodel.conversation set ${mute} where id = $1`, [id]);
      const message = randomUUID();
      latestOf[id] = message;
      await db.query(
        `insert into readmodel.message (id, org_id, conversation_id, direction, body, status, sent_at)
         values ($1, $2, $3, 'inbound', 'Message ' || $4, 'received', now() - ($5 || ' minutes')::interval)`,
        [message, orgId, id, i, 10 - i],
      );
    }
  });

  it("leaves out the muted conversations' messages, not an ended mute's, and reaches past them", async () => {
    const alerts = await inboxOrgReads(bed.client, { orgId, atMost: 100, latest: 2 });
    expect(alerts.latest.map((m) => m.id)).toEqual([latestOf[ended], latestOf[unmuted]]);
    // They still count as unread.
    expect(alerts.unreadConversations).toBe(4);
  });
});
