import { type TestDatabase, type TestNats, testDatabase, testKeys, testNats } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { type PgRoundTripCounter, pgRoundTripCounter } from "./support/pg-round-trips.ts";
import { migrateAll, seedCustomerConversation, seedLabel } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { webTestEnv } from "./support/web-env.ts";

// The Postgres round trips of the inbox's and the conversation's loaders (issue 16): a loopback
// write costs the web 150-300 us of CPU and each sequential one a wait, so the count per request
// is a budget; a new statement in these loaders shows here first.
let database: TestDatabase;
let nats: TestNats;
let db: pg.Pool;
let counter: PgRoundTripCounter;
let web: RunningWeb;
let cookie: string;
let bearer: string;
const conversationId = crypto.randomUUID();

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  await migrateAll(database.url);
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  const account = await createAccount(db, {
    email: "round-trips@cloudpa.test",
    password: "quiet lantern orbit 58",
    businessName: "Round Trips",
  });
  await seedCustomerConversation(db, { orgId: account.orgId, conversationId });
  await seedLabel(db, { orgId: account.orgId, name: "VIP", colour: "red" });
  cookie = `${SESSION_COOKIE}=${await createSession(db, account)}`;
  bearer = `Bearer ${await createApiToken(db, account, "round trips")}`;
  counter = await pgRoundTripCounter(database.url);
  web = await startBuiltWeb(
    webTestEnv({
      databaseUrl: counter.url,
      natsUrl: nats.url,
      namespace: nats.names.namespace,
      keys: testKeys(),
    }),
  );
}, 240_000);

afterAll(async () => {
  await web?.stop();
  await counter?.close();
  await db?.end();
  await nats?.cleanup();
  await database?.drop();
});

/** The round trips of one GET, once the web's pool holds its connections (a few requests before). */
async function roundTripsOf(path: string, headers: Record<string, string> = { cookie }): Promise<number[]> {
  const get = async () => {
    const response = await fetch(`${web.url}${path}`, { headers, redirect: "manual" });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
  };
  for (let i = 0; i < 3; i++) await get();
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) {
    counter.reset();
    await get();
    counts.push(counter.count());
  }
  return counts;
}

describe("the loaders' round trips to Postgres", () => {
  it("reads GET /inbox.data in three statements", async () => {
    // The session with the user's settings; then, beside each other, the page with its position,
    // and the org's labels with the alerts.
    expect(await roundTripsOf("/inbox.data")).toEqual([3, 3, 3]);
  });

  it("reads GET /inbox/:id.data in five: the inbox's three, the conversation's view and the saved replies", async () => {
    // The inbox's three (the labels shared with the conversation's loader); the conversation's
    // view in one statement with its position (page, first unread, notes, contact card and the
    // checkpoint: no window or search asked); and the saved replies.
    expect(await roundTripsOf(`/inbox/${conversationId}.data`)).toEqual([5, 5, 5]);
  });

  it("reads the opening of a conversation from the list in four: the session, the view, the labels, the saved replies", async () => {
    // The inbox route does not reload its list for this navigation (its shouldRevalidate), so the
    // client names the loaders to run, the root's and the conversation's: no page of the list and
    // no alerts; the org's labels are read on their own then, beside the view and the saved replies.
    const opening = `/inbox/${conversationId}.data?_routes=${encodeURIComponent("root,routes/inbox.$id")}`;
    expect(await roundTripsOf(opening)).toEqual([4, 4, 4]);
  });

  it("reads GET /inbox/:id.data with a search in the conversation in eight: the view in a transaction", async () => {
    // A search (or a window of the history) adds a statement, so the view and it are read in
    // a snapshot: BEGIN with the checkpoint, the view, the search, COMMIT (not waited for, still
    // sent within the request).
    expect(await roundTripsOf(`/inbox/${conversationId}.data?find=hello`)).toEqual([8, 8, 8]);
  });

  it("answers the API's GET conversations and GET conversations/:id with a token in three each", async () => {
    // The token with its account (its last use stamped once a minute, not on each request), the
    // rate limit's turn, then the page or the conversation.
    const authorization = { authorization: bearer };
    expect(await roundTripsOf("/api/v1/messaging/conversations?limit=50", authorization)).toEqual([3, 3, 3]);
    expect(await roundTripsOf(`/api/v1/messaging/conversations/${conversationId}`, authorization)).toEqual([3, 3, 3]);
  });
});
