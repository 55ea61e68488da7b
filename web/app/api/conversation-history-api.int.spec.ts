// The JSON API's whole history (issue 15): GET /conversations/{id} walks back with `before`
// (each answer's olderCursor) to the first message, each message once, and `q` lists a search's
// hits; answers fit the OpenAPI document; a forged cursor is 400; another org's conversation 404.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { expectDocumented } from "#test/support/api-documented.ts";
import { seedCustomerConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { getConversation } from "./messaging-api.server.ts";

const PATH = "/api/v1/messaging/conversations/{id}";
let t: WebTestContext;
let account: Account;
let token: string;
let otherToken: string;
const conversationId = randomUUID();
const ids = Array.from({ length: 230 }, () => randomUUID());

interface Answer {
  conversation: {
    messages: { id: string; body: string }[];
    hasOlder: boolean;
    olderCursor: string | null;
    hits?: { id: string; body: string }[];
    moreHits?: boolean;
  };
}

beforeAll(async () => {
  t = await webTestContext();
  account = await createAccount(t.web.db, { email: "h@example.com", password: "a long password", businessName: "H" });
  const other = await createAccount(t.web.db, {
    email: "o@example.com",
    password: "a long password",
    businessName: "O",
  });
  token = await createApiToken(t.web.db, account, "test");
  otherToken = await createApiToken(t.web.db, other, "test");
  const start = Date.now() - 300 * 60_000;
  await seedCustomerConversation(t.web.db, {
    orgId: account.orgId,
    conversationId,
    messages: ids.map((id, i) => ({
      id,
      direction: i % 2 === 0 ? "inbound" : "outbound",
      body: i === 3 || i === 210 ? `Invoice number ${i}` : `Message ${i}`,
      sentAt: new Date(start + i * 60_000),
    })),
  });
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

const get = (query: string, as = token) =>
  getConversation(
    t.web,
    new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}${query}`, {
      headers: { authorization: `Bearer ${as}` },
    }),
    conversationId,
  );

describe("GET /conversations/{id}: the whole history (issue 15)", () => {
  it("walks back from the latest page with before=olderCursor to the first message, each once, in order", async () => {
    const latest = await get("?limit=100");
    await expectDocumented(latest, PATH, "get");
    let answer = (await latest.json()) as Answer;
    const seen = answer.conversation.messages.map((m) => m.id);
    expect(seen).toEqual(ids.slice(130));
    let pages = 0;
    while (answer.conversation.olderCursor) {
      expect(answer.conversation.hasOlder).toBe(true);
      const older = await get(`?before=${answer.conversation.olderCursor}&limit=40`);
      await expectDocumented(older, PATH, "get");
      answer = (await older.json()) as Answer;
      seen.unshift(...answer.conversation.messages.map((m) => m.id));
      pages++;
    }
    expect(answer.conversation.hasOlder).toBe(false);
    expect(pages).toBe(Math.ceil(130 / 40));
    expect(seen).toEqual(ids);
  });

  it("lists a search's hits with q, newest first", async () => {
    const response = await get("?q=invoice");
    await expectDocumented(response, PATH, "get");
    const answer = (await response.json()) as Answer;
    expect(answer.conversation.hits?.map((hit) => hit.id)).toEqual([ids[210], ids[3]]);
    expect(answer.conversation.moreHits).toBe(false);
  });

  it("answers 400 to a cursor it did not give or a query that does not fit", async () => {
    const forged = await get(`?before=${Buffer.from("2026-01-01T00:00:00Z|x").toString("base64url")}`);
    expect(forged.status).toBe(400);
    await expectDocumented(forged, PATH, "get");
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("HISTORY.BAD_CURSOR");
    const tooMany = await get("?limit=5000");
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { code: string } }).error.code).toBe("REQUEST.INVALID");
  });

  it("answers 404 to another org, with or without a cursor", async () => {
    const latest = (await (await get("?limit=100")).json()) as Answer;
    expect((await get("", otherToken)).status).toBe(404);
    const before = await get(`?before=${latest.conversation.olderCursor}`, otherToken);
    expect(before.status).toBe(404);
    expect(((await before.json()) as { error: { code: string } }).error.code).toBe("CONVERSATION.NOT_FOUND");
  });
});
