import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { conversationPage } from "./conversation-page.query.js";
import { conversationView } from "./conversation-view.query.js";
import { MessageCursorError } from "./message-cursor.js";
import {
  CONTEXT_BEFORE,
  messagesAfter,
  messagesAround,
  messagesBefore,
  searchConversation,
} from "./message-history.query.js";

const orgA = randomUUID();
const orgB = randomUUID();
const conversationId = randomUUID();
const otherOrgsConversation = randomUUID();
const MESSAGES = 237;

/** The seeded messages in reading order (sent_at, id); every third shares its time with the one before. */
const ids: string[] = [];

describe("a conversation's whole history (issue 15)", () => {
  const bed = migratedDatabase();

  beforeAll(async () => {
    const db = bed.client;
    for (const [org, conversation] of [
      [orgA, conversationId],
      [orgB, otherOrgsConversation],
    ] as const) {
      await db.query(
        `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
           unread_count, status, created_at) values ($1, $2, $1, $1, 'whatsapp:+1555', 'Ana', 0, 'open', now())`,
        [conversation, org],
      );
    }
    const rows = Array.from({ length: MESSAGES }, (_, i) => ({
      id: randomUUID(),
      // Ties: two messages at the same microsecond, which only the id orders.
      at: new Date(Date.UTC(2026, 10, 1) + (i - (i % 3 === 2 ? 1 : 0)) * 60_000).toISOString().replace("Z", "123+00"),
      direction: i % 2 === 0 ? "inbound" : "outbound",
      body: i % 50 === 7 ? `Invoice 100%_${i}` : `message ${i}`,
    }));
    for (const row of rows)
      await db.query(
        `insert into readmodel.message (id, org_id, conversation_id, direction, body, status, sent_at)
         values ($1, $2, $3, $4, $5, 'delivered', $6::timestamptz + interval '0.000456 s')`,
        [row.id, orgA, conversationId, row.direction, row.body, row.at],
      );
    // Another org's messages with the same conversation id never show (org-scoped).
    await db.query(
      `insert into readmodel.message (id, org_id, conversation_id, direction, body, status, sent_at)
       values ($1, $2, $3, 'inbound', 'Invoice 100%_7 of another org', 'received', now())`,
      [randomUUID(), orgB, conversationId],
    );
    const ordered = await db.query("select id from readmodel.message where org_id = $1 order by sent_at, id", [orgA]);
    ids.push(...ordered.rows.map((row) => row.id as string));
  });

  it("walks from the latest page to the first message, each message once and in order", async () => {
    const latest = await conversationPage(bed.client, { orgId: orgA, conversationId, limit: 40 });
    expect(latest?.hasOlder).toBe(true);
    const seen = [...(latest?.messages.map((m) => m.id) ?? [])];
    let cursor = latest?.olderCursor;
    let pages = 0;
    while (cursor) {
      const page = await messagesBefore(bed.client, { orgId: orgA, conversationId, before: cursor, limit: 30 });
      if (!page) throw new Error("the conversation went missing");
      expect(page.messages.length).toBeLessThanOrEqual(30);
      seen.unshift(...page.messages.map((m) => m.id));
      cursor = page.olderCursor;
      pages++;
    }
    expect(pages).toBe(Math.ceil((MESSAGES - 40) / 30));
    expect(seen).toEqual(ids);
  });

  it("walks forward from the first message to the latest, each once", async () => {
    const around = await messagesAround(bed.client, {
      orgId: orgA,
      conversationId,
      messageId: ids[0] as string,
      limit: 25,
    });
    expect(around?.olderCursor).toBeUndefined();
    const seen = [...(around?.messages.map((m) => m.id) ?? [])];
    let cursor = around?.newerCursor;
    while (cursor) {
      const page = await messagesAfter(bed.client, { orgId: orgA, conversationId, after: cursor, limit: 25 });
      if (!page) throw new Error("the conversation went missing");
      seen.push(...page.messages.map((m) => m.id));
      cursor = page.newerCursor;
    }
    expect(seen).toEqual(ids);
  });

  it("opens around a message with a few before it, and pages on both sides from there", async () => {
    const target = ids[100] as string;
    const around = await messagesAround(bed.client, { orgId: orgA, conversationId, messageId: target, limit: 20 });
    expect(around?.messages.map((m) => m.id)).toEqual(ids.slice(100 - CONTEXT_BEFORE, 120));
    const older = await messagesBefore(bed.client, {
      orgId: orgA,
      conversationId,
      before: around?.olderCursor as string,
      limit: 10,
    });
    expect(older?.messages.map((m) => m.id)).toEqual(ids.slice(85, 95));
    const newer = await messagesAfter(bed.client, {
      orgId: orgA,
      conversationId,
      after: around?.newerCursor as string,
      limit: 10,
    });
    expect(newer?.messages.map((m) => m.id)).toEqual(ids.slice(120, 130));
  });

  it("is the org's only: another org's conversation or message is not found", async () => {
    const latest = await conversationPage(bed.client, { orgId: orgA, conversationId, limit: 40 });
    const before = latest?.olderCursor as string;
    expect(await messagesBefore(bed.client, { orgId: orgB, conversationId, before })).toBeUndefined();
    expect(await messagesAfter(bed.client, { orgId: orgB, conversationId, after: before })).toBeUndefined();
    expect(
      await messagesAround(bed.client, { orgId: orgB, conversationId, messageId: ids[3] as string }),
    ).toBeUndefined();
    expect(
      await messagesAround(bed.client, {
        orgId: orgA,
        conversationId: otherOrgsConversation,
        messageId: ids[3] as string,
      }),
    ).toBeUndefined();
    const other = await messagesBefore(bed.client, { orgId: orgB, conversationId: otherOrgsConversation, before });
    expect(other?.messages).toEqual([]);
  });

  it("refuses a cursor it did not write", async () => {
    await expect(messagesBefore(bed.client, { orgId: orgA, conversationId, before: "bogus" })).rejects.toThrow(
      MessageCursorError,
    );
  });

  it("finds the first unread message from the unread count: the count-th latest customer message", async () => {
    const inbound = (
      await bed.client.query(
        "select id from readmodel.message where org_id = $1 and direction = 'inbound' order by sent_at desc, id desc",
        [orgA],
      )
    ).rows.map((row) => row.id as string);
    // The conversation view reads the first unread message with the conversation's own unread count.
    const firstUnreadAt = async (unreadCount: number, orgId = orgA) => {
      await bed.client.query("update readmodel.conversation set unread_count = $3 where id = $1 and org_id = $2", [
        conversationId,
        orgA,
        unreadCount,
      ]);
      return (await conversationView(bed.client, { orgId, conversationId }))?.firstUnreadId;
    };
    try {
      expect(await firstUnreadAt(0)).toBeNull();
      expect(await firstUnreadAt(1)).toBe(inbound[0]);
      expect(await firstUnreadAt(90)).toBe(inbound[89]);
      // More unread than there are customer messages (not reached by the projections): none to point at.
      expect(await firstUnreadAt(inbound.length + 1)).toBeNull();
      // Another org asking by this conversation's id sees nothing of it.
      expect(await firstUnreadAt(1, orgB)).toBeUndefined();
    } finally {
      await firstUnreadAt(0);
    }
  });

  it("searches the conversation's text, any case, `%` and `_` taken literally, the org's only, newest first", async () => {
    const { hits, more } = await searchConversation(bed.client, {
      orgId: orgA,
      conversationId,
      search: "invoice 100%_",
    });
    expect(more).toBe(false);
    expect(hits.map((hit) => hit.body)).toEqual([7, 57, 107, 157, 207].reverse().map((i) => `Invoice 100%_${i}`));
    expect((await searchConversation(bed.client, { orgId: orgA, conversationId, search: "100_%" })).hits).toEqual([]);
    expect((await searchConversation(bed.client, { orgId: orgA, conversationId, search: "  " })).hits).toEqual([]);
    const capped = await searchConversation(bed.client, { orgId: orgA, conversationId, search: "message" });
    expect(capped.hits).toHaveLength(50);
    expect(capped.more).toBe(true);
  });

  it("reads each page from the conversation's keyset index, in order, with no sort", async () => {
    const latest = await conversationPage(bed.client, { orgId: orgA, conversationId, limit: 40 });
    await bed.client.query("set enable_seqscan = off");
    try {
      const statements: { text: string; values?: unknown[] }[] = [];
      const spy = {
        query: (text: string, values?: unknown[]) => {
          statements.push({ text, values });
          return bed.client.query(text, values);
        },
      };
      await messagesBefore(spy as never, { orgId: orgA, conversationId, before: latest?.olderCursor as string });
      const [statement] = statements;
      const plan = (await bed.client.query(`explain ${statement?.text}`, statement?.values)).rows
        .map((row) => row["QUERY PLAN"])
        .join("\n");
      expect(plan).toMatch(/Index Scan Backward using message_conversation_sent_at_idx/);
      expect(plan).toMatch(/Index Cond: .*ROW\(sent_at, id\) </);
      expect(plan).not.toMatch(/Sort Key: m\.sent_at/);
    } finally {
      await bed.client.query("reset enable_seqscan");
    }
  });
});
