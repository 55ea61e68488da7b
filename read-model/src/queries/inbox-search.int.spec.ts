import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { inboxPage } from "./inbox-page.query.js";

// The inbox's search (docs/decisions/044): a customer by the name the freelancer gave them, by
// their WhatsApp profile name, or by number; a conversation by the text of any of its messages.
// The customer is read from `contact`, so a conversation's row carries no search index (the plan
// on an inbox of 100,000 conversations: web/app/api/messaging-api.int.spec.ts).
describe("the inbox's search", () => {
  const bed = migratedDatabase();
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const maya = { conversationId: randomUUID(), contactId: randomUUID() };
  const linus = { conversationId: randomUUID(), contactId: randomUUID() };
  const mayaElsewhere = { conversationId: randomUUID(), contactId: randomUUID() };

  async function seed(
    org: string,
    ids: { conversationId: string; contactId: string },
    customer: { handle: string; profileName: string; name: string | null; messages: string[] },
  ): Promise<void> {
    await bed.client.query(
      `insert into readmodel.contact (id, org_id, handle, profile_name, name, first_seen_at) values ($1, $2, $3, $4, $5, now())`,
      [ids.contactId, org, customer.handle, customer.profileName, customer.name],
    );
    const last = customer.messages[customer.messages.length - 1];
    await bed.client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, last_message_preview, status, created_at, inbox_at)
       values ($1, $2, $2, $3, $4, $5, now(), $6, 'open', now(), now())`,
      [ids.conversationId, org, ids.contactId, customer.handle, customer.name ?? customer.profileName, last],
    );
    for (const [n, body] of customer.messages.entries()) {
      await bed.client.query(
        `insert into readmodel.message (id, org_id, conversation_id, direction, body, media, status, sent_at)
         values ($1, $2, $3, 'inbound', $4, '[]', 'received', now() - ($5 || ' minutes')::interval)`,
        [randomUUID(), org, ids.conversationId, body, customer.messages.length - n],
      );
    }
  }

  const found = async (search: string, org = orgId) =>
    (await inboxPage(bed.client, { orgId: org, limit: 30, search })).conversations.map((c) => c.id).sort();

  beforeAll(async () => {
    await seed(orgId, maya, {
      handle: "whatsapp:+447700900123",
      profileName: "Maya Patel",
      name: "Maya (kitchen)",
      messages: ["Is the quote for the worktop ready?", "Thanks, see you Friday"],
    });
    await seed(orgId, linus, {
      handle: "whatsapp:+447700900456",
      profileName: "Linus",
      name: null,
      messages: ["Can you fix a dripping tap?"],
    });
    await seed(otherOrgId, mayaElsewhere, {
      handle: "whatsapp:+447700900123",
      profileName: "Maya Patel",
      name: null,
      messages: ["Is the quote for the worktop ready?"],
    });
  });

  it("finds a customer by the name the freelancer gave them and by the profile name it replaced", async () => {
    expect(await found("kitchen")).toEqual([maya.conversationId]);
    expect(await found("patel")).toEqual([maya.conversationId]);
    expect(await found("LINUS")).toEqual([linus.conversationId]);
  });

  it("finds a customer by number, as stored or written with spaces and dashes", async () => {
    expect(await found("+447700900123")).toEqual([maya.conversationId]);
    expect(await found("+44 7700-900 456")).toEqual([linus.conversationId]);
    expect(await found("7700 900")).toEqual([maya.conversationId, linus.conversationId].sort());
  });

  it("finds a conversation by the text of any of its messages, not only the last", async () => {
    expect(await found("worktop")).toEqual([maya.conversationId]);
    expect(await found("see you friday")).toEqual([maya.conversationId]);
    expect(await found("nobody wrote this")).toEqual([]);
  });

  it("never finds another org's customer or message", async () => {
    expect(await found("patel", otherOrgId)).toEqual([mayaElsewhere.conversationId]);
    expect(await found("dripping", otherOrgId)).toEqual([]);
    expect(await found("kitchen", otherOrgId)).toEqual([]);
  });
});
