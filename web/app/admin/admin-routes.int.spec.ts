import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { eventFactory } from "@cloudpa/read-model/testing";
import { type TestKeys, testKeys } from "@cloudpa/testkit";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { loader as indexLoader } from "#app/routes/admin._index.tsx";
import { loader as historyLoader } from "#app/routes/admin.conversations.$id.tsx";
import { loader as layoutLoader } from "#app/routes/admin.tsx";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import type { ConversationHistoryView } from "./conversation-history-view.server.ts";
import { setOperator } from "./operators.server.ts";
import { appendProjected } from "./testing/append-projected.ts";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

let t: WebTestContext;
let keys: TestKeys;
let alice: Account;
let bob: Account;
let olga: Account;
const cookies: Record<string, string> = {};

/** Calls a route's loader as Remix would; a thrown Response (404, redirect) is the answer too. */
async function load(
  loader: Loader,
  path: string,
  auth: Record<string, string> = {},
  params: Record<string, string> = {},
) {
  const request = new Request(`http://localhost${path}`, { headers: auth });
  try {
    const body = await loader({ request, context: { web: t.web, clientIp: "" }, params } as LoaderFunctionArgs);
    return { status: 200, body, location: null };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, body: null, location: thrown.headers.get("location") };
  }
}

const account = (name: string) =>
  createAccount(t.web.db, { email: `${name}@example.com`, password: "a long password", businessName: name });

beforeAll(async () => {
  keys = testKeys();
  t = await webTestContext({ EVENT_PUBLIC_KEYS: keys.env.EVENT_PUBLIC_KEYS ?? "" });
  [alice, bob, olga] = [await account("alice"), await account("bob"), await account("olga")];
  await setOperator(t.web.db, olga.email, true);
  for (const someone of [alice, bob, olga]) {
    cookies[someone.email] = `${SESSION_COOKIE}=${await createSession(t.web.db, someone)}`;
  }
  const a = eventFactory(alice.orgId);
  const b = eventFactory(bob.orgId);
  await appendProjected(t.nats, keys, t.web.db, [
    a.connected(0),
    b.connected(0),
    a.inbound(1, 1, 10),
    b.inbound(2, 1, 11),
    a.read(1, 20),
  ]);
}, 60_000);
afterAll(async () => {
  await t?.cleanup();
});

describe("the admin pages", () => {
  const aliceConversation = () => eventFactory(alice.orgId).conversationOf(1);
  const bobConversation = () => eventFactory(bob.orgId).conversationOf(1);
  const pages = () =>
    [
      [layoutLoader, "/admin", {}],
      [indexLoader, "/admin", {}],
      [indexLoader, `/admin?q=${eventFactory().sid("SM", 1)}`, {}],
      [historyLoader, `/admin/conversations/${aliceConversation()}`, { id: aliceConversation() }],
      [historyLoader, `/admin/conversations/${bobConversation()}`, { id: bobConversation() }],
    ] as const;

  it("answer 404 to a normal user, for their own org's conversation as for another's", async () => {
    for (const [loader, path, params] of pages()) {
      for (const user of [alice, bob]) {
        const answer = await load(loader, path, { cookie: cookies[user.email] ?? "" }, params);
        expect({ path, user: user.email, status: answer.status, body: answer.body }).toEqual({
          path,
          user: user.email,
          status: 404,
          body: null,
        });
      }
    }
  });

  it("answer 404 to a visitor, and to an operator's API token", async () => {
    const token = await createApiToken(t.web.db, olga, "scripts");
    for (const [loader, path, params] of pages()) {
      expect((await load(loader, path, {}, params)).status).toBe(404);
      expect((await load(loader, path, { authorization: `Bearer ${token}` }, params)).status).toBe(404);
    }
  });

  it("show an operator any org's conversation, verified, with the rows it produced, and nothing of the other org", async () => {
    const answer = await load(
      historyLoader,
      `/admin/conversations/${aliceConversation()}`,
      { cookie: cookies[olga.email] ?? "" },
      { id: aliceConversation() },
    );
    expect(answer.status).toBe(200);
    const history = answer.body as ConversationHistoryView;
    expect(
      history.entries.map((entry) => [entry.type, entry.orgId, entry.signature.valid, entry.outcome.kind]),
    ).toEqual([
      ["InboundMessageReceived", alice.orgId, true, "row"],
      ["ConversationRead", alice.orgId, true, "row"],
    ]);
    expect(history.entries[0]?.outcome.text).toMatch(/^message [0-9a-f]{8} inbound received/);
    expect(history.conversations).toEqual([{ orgId: alice.orgId, summary: expect.stringContaining("Customer 1") }]);
    expect(JSON.stringify(history)).not.toContain(bob.orgId);
  });

  it("look a MessageSid up for an operator: one conversation goes straight to it, and an id goes to its page", async () => {
    const sid = eventFactory().sid("SM", 1);
    const found = await load(indexLoader, `/admin?q=${sid}`, { cookie: cookies[olga.email] ?? "" });
    expect(found).toMatchObject({
      status: 302,
      location: `/admin/conversations/${aliceConversation()}?org=${alice.orgId}`,
    });
    const byId = await load(indexLoader, `/admin?q=${bobConversation()}`, { cookie: cookies[olga.email] ?? "" });
    expect(byId.location).toBe(`/admin/conversations/${bobConversation()}`);
    const nonsense = await load(indexLoader, "/admin?q=hello", { cookie: cookies[olga.email] ?? "" });
    expect(nonsense.body).toMatchObject({ lookup: { kind: "not_understood" } });
  });

  it("open to an account granted from the CLI, and close when it is revoked there", async () => {
    const cli = fileURLToPath(new URL("../../cli/cli.ts", import.meta.url));
    const env = { ...process.env, DATABASE_URL: t.database.url, CLOUDPA_ENV_FILE: "/dev/null" };
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { env });
    const staff = await account("staff");
    const session = { cookie: `${SESSION_COOKIE}=${await createSession(t.web.db, staff)}` };
    expect((await load(layoutLoader, "/admin", session)).status).toBe(404);

    expect((await run("operators", "grant", "--email", "STAFF@example.com")).stdout).toContain("is an operator");
    expect((await load(layoutLoader, "/admin", session)).status).toBe(200);

    await run("operators", "revoke", "--email", "staff@example.com");
    expect((await load(layoutLoader, "/admin", session)).status).toBe(404);
    await expect(run("operators", "grant", "--email", "nobody@example.com")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no account with email nobody@example.com"),
    });
  }, 60_000);

  it("close again once the operator flag is revoked", async () => {
    await setOperator(t.web.db, olga.email, false);
    try {
      const answer = await load(layoutLoader, "/admin", { cookie: cookies[olga.email] ?? "" });
      expect(answer.status).toBe(404);
    } finally {
      await setOperator(t.web.db, olga.email, true);
    }
  });
});
