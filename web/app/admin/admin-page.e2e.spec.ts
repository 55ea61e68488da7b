import { eventFactory } from "@cloudpa/read-model/testing";
import { testKeys } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { type RunningWeb, startBuiltWeb } from "#test/support/start-web.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { setOperator } from "./operators.server.ts";
import { appendProjected } from "./testing/append-projected.ts";

const keys = testKeys();
let t: WebTestContext;
let web: RunningWeb;
let owner: Account;
let operator: Account;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  t = await webTestContext({ EVENT_PUBLIC_KEYS: keys.env.EVENT_PUBLIC_KEYS ?? "" });
  owner = await createAccount(t.web.db, { email: "owner@example.com", password: "a long password", businessName: "O" });
  operator = await createAccount(t.web.db, {
    email: "ops@example.com",
    password: "a long password",
    businessName: "P",
  });
  await setOperator(t.web.db, operator.email, true);
  for (const account of [owner, operator]) {
    cookie[account.email] = `${SESSION_COOKIE}=${await createSession(t.web.db, account)}`;
  }
  const f = eventFactory(owner.orgId);
  await appendProjected(t.nats, keys, t.web.db, [f.connected(0), f.inbound(1, 1, 10, { body: "where is my order?" })]);
  web = await startBuiltWeb(t.env, { timeoutMs: 120_000 });
}, 600_000);
afterAll(async () => {
  await web?.stop();
  await t?.cleanup();
});

describe("the operator's conversation page, served by the built web", () => {
  const page = () => `/admin/conversations/${eventFactory(owner.orgId).conversationOf(1)}`;

  it("renders every event with its signature check and the row it produced", async () => {
    const response = await fetch(`${web.url}${page()}`, { headers: { cookie: cookie[operator.email] ?? "" } });
    expect(response.status).toBe(200);
    // React separates text parts with empty comments; the page as read has none.
    const html = (await response.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("InboundMessageReceived");
    expect(html).toContain("signed by ingress-test");
    expect(html).toMatch(/✓ signed by ingress-test/);
    expect(html).toMatch(/→ message [0-9a-f]{8} inbound received/);
    expect(html).toContain("&quot;where is my order?&quot;");
  });

  it("is a 404 page for the conversation's own owner, who is no operator", async () => {
    for (const path of [page(), "/admin"]) {
      const response = await fetch(`${web.url}${path}`, { headers: { cookie: cookie[owner.email] ?? "" } });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("where is my order?");
    }
  });
});
