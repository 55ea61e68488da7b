import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { AccountError, createAccount, verifyCredentials } from "./accounts.server.ts";
import { accountOfApiToken, createApiToken, revokeApiToken } from "./api-tokens.server.ts";
import { authenticate } from "./authenticate.server.ts";
import { LOGIN_LIMITS, settleLoginTurn, takeLoginTurn } from "./login-rate-limit.server.ts";
import { accountOfSession, createSession, destroySession, SESSION_COOKIE, sessionCookie } from "./sessions.server.ts";

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

  it("sets the session cookie HttpOnly and SameSite=Lax, and Secure when asked (an https WEB_PUBLIC_URL)", () => {
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
  const attempt = (emailKey: string, clientIp: string, deviceId?: string) =>
    takeLoginTurn(t.web.db, { emailKey, clientIp, deviceId });

  it(`lets exactly ${LOGIN_LIMITS.perAccount} of 12 parallel attempts on one account through`, async () => {
    const turns = await Promise.all(
      Array.from({ length: 12 }, (_, n) => attempt("race@example.com", `203.0.113.${n + 1}`)),
    );
    expect(turns.filter((turn) => turn.allowed)).toHaveLength(LOGIN_LIMITS.perAccount);
    for (const turn of turns)
      if (!turn.allowed) expect(turn.retryAfterSeconds).toBeGreaterThan(LOGIN_LIMITS.windowMinutes * 60 - 60);
  });

  it("never holds a known device back by its account's lock, only by its own and its address's", async () => {
    for (let i = 0; i < 8; i++) await attempt("gus@example.com", "203.0.113.50");
    expect((await attempt("gus@example.com", "203.0.113.51")).allowed).toBe(false);
    expect((await attempt("gus@example.com", "203.0.113.52", "device-of-gus")).allowed).toBe(true);
  });

  it("forgives an account's typos and gives the address its attempt back after a correct password", async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await attempt("hal@example.com", "203.0.113.60");
    const correct = await attempt("hal@example.com", "203.0.113.60");
    expect(correct.allowed).toBe(true);
    if (correct.allowed) await settleLoginTurn(t.web.db, correct.keys);
    const { rows } = await t.web.db.query<{ key: string; attempts: number }>(
      "SELECT key, attempts FROM app.login_limits WHERE key IN ('account:hal@example.com', 'ip:203.0.113.60')",
    );
    expect(rows).toEqual([{ key: "ip:203.0.113.60", attempts: LOGIN_LIMITS.perAccount - 1 }]);
  });

  it(`limits a client address to ${LOGIN_LIMITS.perClient} attempts across accounts, in parallel too`, async () => {
    const turns = await Promise.all(
      Array.from({ length: LOGIN_LIMITS.perClient + 4 }, (_, n) => attempt(`spray${n}@example.com`, "203.0.113.99")),
    );
    expect(turns.filter((turn) => turn.allowed)).toHaveLength(LOGIN_LIMITS.perClient);
    expect((await attempt("fresh@example.com", "203.0.113.99", "a-known-device")).allowed).toBe(false);
  });
});
