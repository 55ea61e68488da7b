import { randomUUID } from "node:crypto";
import { openCommand } from "@cloudpa/contracts";
import { statementOf } from "@cloudpa/read-model/testing";
import { withClient } from "@cloudpa/testkit";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { seedCustomerConversation, seedManyConversations } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { getConversation, listConversations, sendToConversation } from "./messaging-api.server.ts";

const SEEDED = 100_000;
let t: WebTestContext;
let big: Account;
let bigToken: string;
let other: Account;
let otherToken: string;
const conversationId = randomUUID();

beforeAll(async () => {
  t = await webTestContext();
  big = await createAccount(t.web.db, { email: "big@example.com", password: "a long password", businessName: "Big" });
  other = await createAccount(t.web.db, {
    email: "other@example.com",
    password: "a long password",
    businessName: "Other",
  });
  bigToken = await createApiToken(t.web.db, big, "test");
  otherToken = await createApiToken(t.web.db, other, "test");
  // On a connection of the test's own: 300,000 rows in two statements are no page's work (9.2 s on
  // a quiet machine here), past the web pool's statement limit on a busy one.
  await withClient(t.database.url, (client) => seedManyConversations(client, big.orgId, SEEDED));
  await seedCustomerConversation(t.web.db, {
    orgId: big.orgId,
    conversationId,
    name: "Grace Hopper",
    messages: [
      { id: randomUUID(), direction: "inbound", body: "Is the quote ready?", sentAt: new Date(Date.now() - 60_000) },
      { id: randomUUID(), direction: "outbound", body: "Yes, sending it now", sentAt: new Date(), status: "delivered" },
    ],
  });
  await withClient(t.database.url, (client) =>
    client.query("ANALYZE readmodel.message; ANALYZE readmodel.conversation"),
  );
}, 180_000);
afterAll(async () => {
  await t?.cleanup();
});

const api = (path: string, token: string, init: RequestInit = {}) =>
  new Request(`http://web.test${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });

async function planOf(sql: string, values: unknown[]): Promise<string> {
  const { rows } = await t.web.db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, values);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

/** Captures the SQL a query function sends, named or not, to EXPLAIN exactly that. */
async function captureSql(run: (db: typeof t.web.db) => Promise<unknown>) {
  const captured: { text: string; values: unknown[] }[] = [];
  const spy = {
    query: (statement: Parameters<typeof statementOf>[0], values?: unknown[]) => {
      captured.push(statementOf(statement, values));
      return t.web.db.query(statement, values);
    },
  } as unknown as typeof t.web.db;
  await run(spy);
  return captured;
}

describe("inbox queries on 100,000 conversations", () => {
  it("walks the API's pages and sees every conversation exactly once", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = new URLSearchParams({ limit: "100" });
      if (cursor) query.set("cursor", cursor);
      const response = await listConversations(t.web, api(`/api/v1/messaging/conversations?${query}`, bigToken));
      expect(response.status).toBe(200);
      const page = (await response.json()) as { conversations: { id: string }[]; nextCursor: string | null };
      for (const conversation of page.conversations) {
        expect(seen.has(conversation.id)).toBe(false);
        seen.add(conversation.id);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(SEEDED + 1);
    expect(pages).toBe(Math.ceil((SEEDED + 1) / 100));
  }, 240_000);

  it("reads the first inbox page with one query that walks an index", async () => {
    const { inboxPage } = await import("@cloudpa/read-model");
    const queries = await captureSql((db) => inboxPage(db, { orgId: big.orgId, limit: 30 }));
    expect(queries).toHaveLength(1);
    const plan = await planOf(queries[0]!.text, queries[0]!.values);
    expect(plan).toMatch(/Index Scan using conversation_inbox_keyset_idx/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it("reads a later page from its cursor with the same index", async () => {
    const { inboxPage } = await import("@cloudpa/read-model");
    const first = await inboxPage(t.web.db, { orgId: big.orgId, limit: 30 });
    const queries = await captureSql((db) => inboxPage(db, { orgId: big.orgId, limit: 30, cursor: first.nextCursor }));
    const plan = await planOf(queries[0]!.text, queries[0]!.values);
    expect(plan).toMatch(/Index Cond: .*ROW\(pinned, inbox_at, id\) </);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it("reads a conversation page with one query that uses the conversation's and messages' indexes", async () => {
    const { conversationPage } = await import("@cloudpa/read-model");
    const queries = await captureSql((db) => conversationPage(db, { orgId: big.orgId, conversationId }));
    expect(queries).toHaveLength(1);
    const plan = await planOf(queries[0]!.text, queries[0]!.values);
    expect(plan).toMatch(/Index Scan using conversation_pkey/);
    expect(plan).toMatch(/Index Scan Backward using message_conversation_sent_at_idx/);
    expect(plan).not.toMatch(/Seq Scan on (conversation|message)/);
  });

  it("filters by a label through the GIN index of the conversations' labels (issue 15)", async () => {
    const { inboxPage } = await import("@cloudpa/read-model");
    const labelId = crypto.randomUUID();
    await t.web.db.query(
      `update readmodel.conversation set label_ids = jsonb_build_array($2::text)
        where id in (select id from readmodel.conversation where org_id = $1 order by id limit 25)`,
      [big.orgId, labelId],
    );
    const queries = await captureSql((db) => inboxPage(db, { orgId: big.orgId, limit: 30, labelId }));
    expect(queries).toHaveLength(1);
    const plan = await planOf(queries[0]!.text, queries[0]!.values);
    expect(plan).toMatch(/Bitmap Index Scan on conversation_label_ids_idx/);
    expect(plan).not.toMatch(/Seq Scan/);
    expect((await inboxPage(t.web.db, { orgId: big.orgId, limit: 30, labelId })).conversations).toHaveLength(25);
  });

  it("searches through trigram indexes, not a walk of every conversation", async () => {
    const { inboxPage } = await import("@cloudpa/read-model");
    // A term as a freelancer types it. ("Customer 4242" shares "Customer" with all 100,000 seeded
    // names, so its trigrams are not selective and the planner may rightly prefer a scan.)
    const queries = await captureSql((db) => inboxPage(db, { orgId: big.orgId, limit: 30, search: "Grace Hopper" }));
    expect(queries).toHaveLength(1);
    const plan = await planOf(queries[0]!.text, queries[0]!.values);
    expect(plan).toMatch(/Bitmap Index Scan on contact_search_trgm_idx/);
    expect(plan).toMatch(/Bitmap Index Scan on message_body_trgm_idx/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it("finds a conversation by name, by number, and by message text", async () => {
    for (const q of ["grace", "+44 7700 900123", "quote ready"]) {
      const response = await listConversations(
        t.web,
        api(`/api/v1/messaging/conversations?q=${encodeURIComponent(q)}`, bigToken),
      );
      const page = (await response.json()) as { conversations: { id: string }[] };
      expect(page.conversations.map((c) => c.id)).toContain(conversationId);
    }
  });
});

describe("the conversation API", () => {
  it("answers 401 with the error shape when nobody is signed in", async () => {
    const response = await listConversations(t.web, new Request("http://web.test/api/v1/messaging/conversations"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "AUTH.REQUIRED", message: expect.any(String) } });
  });

  it("answers 400 for a cursor it did not issue", async () => {
    const response = await listConversations(t.web, api("/api/v1/messaging/conversations?cursor=forged", bigToken));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("INBOX.BAD_CURSOR");
  });

  it("returns the conversation with its messages in order", async () => {
    const response = await getConversation(
      t.web,
      api(`/api/v1/messaging/conversations/${conversationId}`, bigToken),
      conversationId,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      conversation: { contactDisplayName: string; messages: { body: string }[] };
    };
    expect(body.conversation.contactDisplayName).toBe("Grace Hopper");
    expect(body.conversation.messages.map((m) => m.body)).toEqual(["Is the quote ready?", "Yes, sending it now"]);
  });

  it("answers 404 to another org, for reading and for sending, and appends nothing", async () => {
    const read = await getConversation(
      t.web,
      api(`/api/v1/messaging/conversations/${conversationId}`, otherToken),
      conversationId,
    );
    expect(read.status).toBe(404);
    expect(((await read.json()) as { error: { code: string } }).error.code).toBe("CONVERSATION.NOT_FOUND");
    const send = await sendToConversation(
      t.web,
      api(`/api/v1/messaging/conversations/${conversationId}/send`, otherToken, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "hijack" }),
      }),
      conversationId,
    );
    expect(send.status).toBe(404);
    const list = await listConversations(t.web, api("/api/v1/messaging/conversations", otherToken));
    expect(((await list.json()) as { conversations: unknown[] }).conversations).toEqual([]);
  });

  it("accepts a send with 202, appends one signed SendReply per Idempotency-Key", async () => {
    const jsm = await jetstreamManager(t.nats.nc);
    const before = (await jsm.streams.info(t.nats.names.commandsStream)).state.messages;
    const send = () =>
      sendToConversation(
        t.web,
        api(`/api/v1/messaging/conversations/${conversationId}/send`, bigToken, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": "invoice-42" },
          body: JSON.stringify({ text: "Here is the invoice" }),
        }),
        conversationId,
      );
    const first = await send();
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { commandId: string; duplicate: boolean };
    expect(accepted.duplicate).toBe(false);
    const again = (await (await send()).json()) as { commandId: string; duplicate: boolean };
    expect(again).toMatchObject({ commandId: accepted.commandId, duplicate: true });
    expect((await jsm.streams.info(t.nats.names.commandsStream)).state.messages).toBe(before + 1);

    const stored = await jsm.streams.getMessage(t.nats.names.commandsStream, {
      last_by_subj: t.nats.names.sendReplySubject(big.orgId),
    });
    const command = openCommand(stored!.data, (name) => stored!.header.get(name), t.keys.keyring);
    expect(command).toMatchObject({
      type: "SendReply",
      commandId: accepted.commandId,
      orgId: big.orgId,
      conversationId,
      text: "Here is the invoice",
    });
  });

  it("refuses a session-authenticated send from another site", async () => {
    const session = await createSession(t.web.db, big);
    const response = await sendToConversation(
      t.web,
      new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}/send`, {
        method: "POST",
        headers: {
          cookie: `${SESSION_COOKIE}=${session}`,
          origin: "https://evil.example",
          host: "web.test",
          "content-type": "application/json",
        },
        body: JSON.stringify({ text: "csrf" }),
      }),
      conversationId,
    );
    expect(response.status).toBe(403);
  });

  it("refuses a send without text", async () => {
    const response = await sendToConversation(
      t.web,
      api(`/api/v1/messaging/conversations/${conversationId}/send`, bigToken, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "   " }),
      }),
      conversationId,
    );
    expect(response.status).toBe(400);
  });
});
