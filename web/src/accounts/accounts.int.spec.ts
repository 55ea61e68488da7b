import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebTestContext, webTestContext } from "../../test/support/web-test-context.ts";
import { AccountError, createAccount, verifyCredentials } from "./accounts.ts";
import { accountOfApiToken, createApiToken, revokeApiToken } from "./api-tokens.ts";
import { authenticate } from "./authenticate.server.ts";
import { LOGIN_LIMITS, loginBudget, recordLoginAttempt } from "./login-rate-limit.ts";
import { accountOfSession, createSession, destroySession, SESSION_COOKIE, sessionCookie } from "./sessions.ts";

let t: WebTestContext;
beforeAll(async () => {
  t = await webTestContext();
});
afterAll(async () => {
  await t?.cleanup();
});

const password = "correct horse battery";

describe("accounts", () => {
  it("stores an argon2id hash, never the password, and verifies only the right password", async () => {
    const account = await createAccount(t.web.db, { email: "ada@example.com", password, businessName: "Ada Studio" });
    const { rows } = await t.web.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM app.users WHERE id = $1",
      [account.userId],
    );
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]?.password_hash).not.toContain(password);
    expect(await verifyCredentials(t.web.db, "ADA@example.com", password)).toMatchObject({ orgId: account.orgId });
    expect(await verifyCredentials(t.web.db, "ada@example.com", "wrong password!")).toBeUndefined();
    expect(await verifyCredentials(t.web.db, "nobody@example.com", password)).toBeUndefined();
  });

  it("refuses a second account with the same email in any case", async () => {
    await createAccount(t.web.db, { email: "bo@example.com", password, businessName: "Bo" });
    await expect(
      createAccount(t.web.db, { email: "BO@example.com", password, businessName: "Bo 2" }),
    ).rejects.toBeInstanceOf(AccountError);
  });

  it("gives each freelancer an org of their own", async () => {
    const a = await createAccount(t.web.db, { email: "c1@example.com", password, businessName: "C1" });
    const b = await createAccount(t.web.db, { email: "c2@example.com", password, businessName: "C2" });
    expect(a.orgId).not.toBe(b.orgId);
  });
});

describe("sessions", () => {
  it("issues a new session id at each log-in, stores only its hash, and ends it at log-out", async () => {
    const account = await createAccount(t.web.db, { email: "dee@example.com", password, businessName: "Dee" });
    const first = await createSession(t.web.db, account);
    const second = await createSession(t.web.db, account);
    expect(first).not.toBe(second);
    const stored = await t.web.db.query<{ token_hash: Buffer }>(
      "SELECT token_hash FROM app.sessions WHERE user_id = $1",
      [account.userId],
    );
    expect(stored.rows.map((r) => r.token_hash.toString("base64url"))).not.toContain(first);
    expect(await accountOfSession(t.web.db, first)).toMatchObject({ userId: account.userId });
    await destroySession(t.web.db, first);
    expect(await accountOfSession(t.web.db, first)).toBeUndefined();
    expect(await accountOfSession(t.web.db, "planted-by-an-attacker")).toBeUndefined();
  });

  it("sets the session cookie HttpOnly and SameSite=Lax, and Secure in production", () => {
    expect(sessionCookie("x", { secure: false })).toMatch(/HttpOnly; SameSite=Lax/);
    expect(sessionCookie("x", { secure: false })).not.toMatch(/Secure/);
    expect(sessionCookie("x", { secure: true })).toMatch(/; Secure/);
  });

  it("authenticates a request by its session cookie or its bearer token, and by nothing else", async () => {
    const account = await createAccount(t.web.db, { email: "eve@example.com", password, businessName: "Eve" });
    const session = await createSession(t.web.db, account);
    const token = await createApiToken(t.web.db, account, "test");
    const byCookie = new Request("http://x/", { headers: { cookie: `other=1; ${SESSION_COOKIE}=${session}` } });
    const byToken = new Request("http://x/", { headers: { authorization: `Bearer ${token}` } });
    expect(await authenticate(t.web.db, byCookie)).toMatchObject({
      via: "session",
      account: { userId: account.userId },
    });
    expect(await authenticate(t.web.db, byToken)).toMatchObject({ via: "token", account: { orgId: account.orgId } });
    expect(
      await authenticate(t.web.db, new Request("http://x/", { headers: { authorization: "Bearer cpa_nope" } })),
    ).toBeUndefined();
    expect(await authenticate(t.web.db, new Request("http://x/"))).toBeUndefined();
  });
});

describe("API tokens", () => {
  it("stores tokens hashed and stops accepting a revoked one", async () => {
    const account = await createAccount(t.web.db, { email: "fay@example.com", password, businessName: "Fay" });
    const token = await createApiToken(t.web.db, account, "zapier");
    const { rows } = await t.web.db.query<{ id: string; token_hash: Buffer }>(
      "SELECT id, token_hash FROM app.api_tokens WHERE user_id = $1",
      [account.userId],
    );
    expect(rows[0]?.token_hash.toString("utf8")).not.toContain(token);
    expect(await accountOfApiToken(t.web.db, token)).toMatchObject({ userId: account.userId });
    await revokeApiToken(t.web.db, account, rows[0]?.id ?? "");
    expect(await accountOfApiToken(t.web.db, token)).toBeUndefined();
  });
});

describe("login rate limiting", () => {
  it(`blocks an email after ${LOGIN_LIMITS.perEmail} failures, and a success clears it`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
      expect((await loginBudget(t.web.db, "gus@example.com", "10.0.0.1")).allowed).toBe(true);
      await recordLoginAttempt(t.web.db, "gus@example.com", "10.0.0.1", false);
    }
    const blocked = await loginBudget(t.web.db, "gus@example.com", "10.0.0.2");
    expect(blocked.allowed).toBe(false);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect((await loginBudget(t.web.db, "other@example.com", "10.0.0.3")).allowed).toBe(true);
    await recordLoginAttempt(t.web.db, "gus@example.com", "10.0.0.9", true);
    expect((await loginBudget(t.web.db, "gus@example.com", "10.0.0.4")).allowed).toBe(true);
  });

  it(`blocks a client address after ${LOGIN_LIMITS.perClient} failures across emails`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perClient; i++)
      await recordLoginAttempt(t.web.db, `spray${i}@example.com`, "10.9.9.9", false);
    expect((await loginBudget(t.web.db, "fresh@example.com", "10.9.9.9")).allowed).toBe(false);
  });
});
