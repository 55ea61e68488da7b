import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listConversations, sendToConversation } from "#app/api/messaging-api.server.ts";
import { action as logInAction } from "#app/routes/login.tsx";
import { action as tokensAction, loader as tokensLoader } from "#app/routes/settings.tokens.tsx";
import { SIGNED_UP_LOCATION, action as signUpAction } from "#app/routes/signup.tsx";
import { createWebContext, parseWebEnv, type WebContext } from "#app/web-context.server.ts";
import { answerOf, formPost } from "#test/support/form-post.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { type Account, createAccount, findAccountByEmail, verifyCredentials } from "./accounts.server.ts";
import { createApiToken, listApiTokens } from "./api-tokens.server.ts";
import { hashPassword } from "./passwords.server.ts";
import { RATE_LIMITS } from "./rate-limit.server.ts";
import { createSession, LAST_SEEN_EVERY_SECONDS } from "./sessions.server.ts";

// Two web instances (two processes' worth of pools and connections) over one database: every
// limit below is counted by both, as replicas behind a load balancer would count it.
// The API's budgets are the deployment's (env); small ones here, so a burst that spends one takes
// seconds, well inside its one-minute window, however busy the machine.
const API_LIMITS = { perToken: 40, perAddress: 80 };
let t: WebTestContext;
let replica: WebContext;
let instances: [WebContext, WebContext];
beforeAll(async () => {
  t = await webTestContext({
    WEB_API_LIMIT_PER_TOKEN: String(API_LIMITS.perToken),
    WEB_API_LIMIT_PER_ADDRESS: String(API_LIMITS.perAddress),
  });
  replica = await createWebContext(parseWebEnv(t.env));
  instances = [t.web, replica];
}, 120_000);
afterAll(async () => {
  await replica?.close();
  await t?.cleanup();
});

const PASSWORD = "a quiet harbour at dawn";
let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

const signUp = (web: WebContext, email: string, clientIp: string, password = PASSWORD) =>
  answerOf(signUpAction(formPost(web, "/signup", { email, password, businessName: "Studio" }, { clientIp })));
const logIn = (web: WebContext, email: string, password: string, clientIp: string) =>
  answerOf(logInAction(formPost(web, "/login", { email, password, redirectTo: "/inbox" }, { clientIp })));

const api = (path: string, token?: string, init: RequestInit = {}) =>
  new Request(`http://web.test${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) },
  });
const sendRequest = (token: string) =>
  api(`/api/v1/messaging/conversations/${crypto.randomUUID()}/send`, token, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: "hello" }),
  });

describe("sign-up limits", () => {
  it(`answers sign-ups from one address beyond ${RATE_LIMITS.signUp.perClient} an hour with 429 and Retry-After, on both instances`, async () => {
    const ip = freshIp();
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, n) => signUp(instances[n % 2]!, `burst${n}@example.com`, ip)),
    );
    const seconds = (performance.now() - started) / 1000;
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses, `15 sign-ups in ${seconds.toFixed(1)} s`).toEqual([
      ...Array(RATE_LIMITS.signUp.perClient).fill(302),
      ...Array(15 - RATE_LIMITS.signUp.perClient).fill(429),
    ]);
    for (const answer of answers.filter((a) => a.status === 429)) {
      const retryAfter = Number(answer.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(RATE_LIMITS.signUp.windowMinutes * 60 - 120);
      expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.signUp.windowMinutes * 60);
      expect(answer.data).toMatchObject({
        error: expect.stringMatching(/^Too many sign-ups from here\. Try again in \d+ minutes\.$/),
      });
    }
    const { rows } = await t.web.db.query("SELECT 1 FROM app.users WHERE email LIKE 'burst%'");
    expect(rows).toHaveLength(RATE_LIMITS.signUp.perClient);
    // The next address is not held back by this one.
    expect((await signUp(replica, "burst-elsewhere@example.com", freshIp())).status).toBe(302);
  }, 60_000);

  it(`answers more than ${RATE_LIMITS.signUp.perEmail} sign-ups for one email from many addresses with 429`, async () => {
    const statuses: number[] = [];
    for (let n = 0; n <= RATE_LIMITS.signUp.perEmail; n++)
      statuses.push((await signUp(instances[n % 2]!, "one-email@example.com", freshIp())).status);
    expect(statuses).toEqual([...Array(RATE_LIMITS.signUp.perEmail).fill(302), 429]);
  }, 30_000);
});

describe("sign-up with an email that has an account", () => {
  it("answers exactly as a new sign-up does, signs nobody in and leaves the account as it was", async () => {
    const fresh = await signUp(t.web, "owner@example.com", freshIp());
    const again = await signUp(replica, "OWNER@example.com", freshIp(), "a stranger's long password");
    const newcomer = await signUp(t.web, "newcomer@example.com", freshIp());
    for (const answer of [fresh, again, newcomer]) {
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe(SIGNED_UP_LOCATION);
      expect(answer.headers.get("set-cookie")).toBeNull();
      expect(answer.body).toBe("");
    }
    expect([...again.headers.keys()].sort()).toEqual([...fresh.headers.keys()].sort());
    const { rows: sessions } = await t.web.db.query("SELECT 1 FROM app.sessions");
    expect(sessions).toHaveLength(0);
    expect(await verifyCredentials(t.web.db, "owner@example.com", PASSWORD)).toBeDefined();
    expect(await verifyCredentials(t.web.db, "owner@example.com", "a stranger's long password")).toBeUndefined();
    const { rows: owners } = await t.web.db.query("SELECT 1 FROM app.users WHERE lower(email) = 'owner@example.com'");
    expect(owners).toHaveLength(1);
  }, 30_000);

  it("costs a password hash either way, so its timing is a new sign-up's", async () => {
    // Measured in this process's CPU time (the web runs in it, and argon2 on its thread pool), not
    // by the clock: on a shared machine the clock stretched whichever step ran at a busier moment,
    // and a reference hash taken then (36 ms) outlasted a later sign-up holding one (21 ms). A
    // busy machine does not change the work a step does; an answer that skipped the hash would do
    // a fraction of it.
    const cpuMsOf = async (step: () => Promise<unknown>) => {
      const before = process.cpuUsage();
      await step();
      const { user, system } = process.cpuUsage(before);
      return (user + system) / 1000;
    };
    const hashMs = [] as number[];
    for (let n = 0; n < 3; n++) hashMs.push(await cpuMsOf(() => hashPassword(PASSWORD)));
    const oneHash = Math.min(...hashMs);
    const timed = (email: string) =>
      cpuMsOf(async () => expect((await signUp(t.web, email, freshIp())).status).toBe(302));
    await createAccount(t.web.db, { email: "timed@example.com", password: PASSWORD, businessName: "Timed" });
    const taken: number[] = [];
    const fresh: number[] = [];
    for (let n = 0; n < 3; n++) {
      taken.push(await timed("timed@example.com"));
      fresh.push(await timed(`timing${n}@example.com`));
    }
    expect(Math.min(...taken), `existing ${taken}, new ${fresh}, one hash ${oneHash}`).toBeGreaterThan(oneHash * 0.6);
    expect(Math.min(...fresh)).toBeGreaterThan(oneHash * 0.6);
  }, 60_000);

  it("refuses a common password and one that is the email, with the field's message", async () => {
    const common = await signUp(t.web, "weak@example.com", freshIp(), "password123");
    expect(common.status).toBe(400);
    expect(common.data).toMatchObject({ fields: { password: expect.stringMatching(/too common/) } });
    const email = await signUp(t.web, "weakling@example.com", freshIp(), "weakling@example.com");
    expect(email.status).toBe(400);
    expect(email.data).toMatchObject({ fields: { password: "Do not use your email address in your password" } });
  });
});

describe("log-in", () => {
  it("answers an unknown email exactly as a wrong password", async () => {
    await createAccount(t.web.db, { email: "known@example.com", password: PASSWORD, businessName: "Known" });
    const wrong = await logIn(t.web, "known@example.com", "not the password at all", freshIp());
    const unknown = await logIn(replica, "unknown@example.com", "not the password at all", freshIp());
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect([...unknown.headers]).toEqual([...wrong.headers]);
  }, 30_000);

  it(`answers the ${RATE_LIMITS.login.perAccount + 1}th guess at one email with 429 and Retry-After, across instances`, async () => {
    await createAccount(t.web.db, { email: "guarded@example.com", password: PASSWORD, businessName: "Guarded" });
    const answers = [];
    for (let n = 0; n <= RATE_LIMITS.login.perAccount; n++)
      answers.push(await logIn(instances[n % 2]!, "guarded@example.com", `guess number ${n}`, freshIp()));
    expect(answers.map((a) => a.status)).toEqual([...Array(RATE_LIMITS.login.perAccount).fill(401), 429]);
    const last = answers.at(-1)!;
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(RATE_LIMITS.login.windowMinutes * 60 - 60);
    expect(last.data).toMatchObject({
      error: expect.stringMatching(/^Too many attempts\. Try again in 15 minutes\.$/),
    });
  }, 60_000);
});

describe("JSON API limits", () => {
  let account: Account;
  beforeAll(async () => {
    account = await createAccount(t.web.db, { email: "api@example.com", password: PASSWORD, businessName: "API" });
  });

  /** Runs `count` requests, `batch` at a time, alternating the two instances. */
  async function burst(count: number, run: (web: WebContext, n: number) => Promise<Response>) {
    const statuses: number[] = [];
    for (let start = 0; start < count; start += 25)
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, count - start) }, (_, i) =>
            run(instances[(start + i) % 2]!, start + i).then((response) => response.status),
          ),
        )),
      );
    return statuses;
  }

  it(`answers a token's request beyond ${API_LIMITS.perToken} a minute with 429, Retry-After and the error shape`, async () => {
    const token = await createApiToken(t.web.db, account, "busy", { scopes: ["read"] });
    const statuses = await burst(API_LIMITS.perToken, (web, n) =>
      listConversations(web, api("/api/v1/messaging/conversations", token), `198.51.100.${n % 200}`),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(API_LIMITS.perToken);
    const over = await listConversations(replica, api("/api/v1/messaging/conversations", token), "192.0.2.1");
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(over.headers.get("retry-after"))).toBeLessThanOrEqual(RATE_LIMITS.api.windowMinutes * 60);
    expect(await over.json()).toEqual({
      error: {
        code: "RATE.LIMITED",
        // A window of one minute: under 60 s left reads in seconds, 60 s as "1 minute".
        message: expect.stringMatching(/^Too many requests\. Try again in (\d+ seconds?|1 minute)\.$/),
      },
    });
    // Another token of the same account has its own budget.
    const other = await createApiToken(t.web.db, account, "calm", { scopes: ["read"] });
    expect((await listConversations(t.web, api("/api/v1/messaging/conversations", other), "192.0.2.2")).status).toBe(
      200,
    );
  }, 120_000);

  it(`answers an address's request beyond ${API_LIMITS.perAddress} a minute with 429, signed in or not`, async () => {
    const ip = "192.0.2.50";
    const statuses = await burst(API_LIMITS.perAddress, (web) =>
      listConversations(web, api("/api/v1/messaging/conversations"), ip),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(API_LIMITS.perAddress);
    const token = await createApiToken(t.web.db, account, "same address", { scopes: ["read"] });
    const over = await listConversations(t.web, api("/api/v1/messaging/conversations", token), ip);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  }, 120_000);
});

describe("API token scopes and expiry", () => {
  let account: Account;
  beforeAll(async () => {
    account = await createAccount(t.web.db, { email: "scopes@example.com", password: PASSWORD, businessName: "S" });
  });

  it("refuses an operation the token has no scope for with 403 AUTH.INSUFFICIENT_SCOPE", async () => {
    const reader = await createApiToken(t.web.db, account, "reader", { scopes: ["read"] });
    const sender = await createApiToken(t.web.db, account, "sender", { scopes: ["send"] });
    expect((await listConversations(t.web, api("/api/v1/messaging/conversations", reader), freshIp())).status).toBe(
      200,
    );
    const refusedSend = await sendToConversation(t.web, sendRequest(reader), crypto.randomUUID(), freshIp());
    expect(refusedSend.status).toBe(403);
    expect(await refusedSend.json()).toEqual({
      error: { code: "AUTH.INSUFFICIENT_SCOPE", message: 'This API token lacks the "send" scope this operation needs' },
    });
    expect(refusedSend.headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="send"');
    const refusedRead = await listConversations(t.web, api("/api/v1/messaging/conversations", sender), freshIp());
    expect(refusedRead.status).toBe(403);
    // Past the scope check, a send-only token reaches the operation (an unknown conversation here).
    const id = crypto.randomUUID();
    const sent = await sendToConversation(t.web, sendRequest(sender), id, freshIp());
    expect(((await sent.json()) as { error: { code: string } }).error.code).toBe("CONVERSATION.NOT_FOUND");
    // A signed-in session may do everything.
    const session = await createSession(t.web.db, account);
    const bySession = new Request("http://web.test/api/v1/messaging/conversations", {
      headers: { cookie: `cloudpa_session=${session}` },
    });
    expect((await listConversations(t.web, bySession, freshIp())).status).toBe(200);
  });

  it("refuses an expired token with 401 AUTH.TOKEN_EXPIRED and does not count it as used", async () => {
    const expired = await createApiToken(t.web.db, account, "old", { expiresAt: new Date(Date.now() - 1000) });
    const live = await createApiToken(t.web.db, account, "new", { expiresAt: new Date(Date.now() + 3_600_000) });
    const answer = await listConversations(t.web, api("/api/v1/messaging/conversations", expired), freshIp());
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("AUTH.TOKEN_EXPIRED");
    expect((await listConversations(t.web, api("/api/v1/messaging/conversations", live), freshIp())).status).toBe(200);
    const tokens = await listApiTokens(t.web.db, account);
    expect(tokens.find((token) => token.name === "old")).toMatchObject({ lastUsedAt: null, scopes: ["read", "send"] });
    expect(tokens.find((token) => token.name === "new")?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("stamps a token's last use at most once a minute, and reads the caller through one named statement", async () => {
    const token = await createApiToken(t.web.db, account, "poller");
    const lastUse = async () =>
      (await listApiTokens(t.web.db, account)).find((listed) => listed.name === "poller")?.lastUsedAt;
    // One connection, so its prepared statements serve every request after the first.
    const connection = await t.web.db.connect();
    try {
      // The web on that one connection: every statement of a request goes through it.
      const web: WebContext = { ...t.web, db: connection as unknown as WebContext["db"] };
      const list = () => listConversations(web, api("/api/v1/messaging/conversations", token), freshIp());
      expect((await list()).status).toBe(200);
      const first = await lastUse();
      expect(first).toBeInstanceOf(Date);
      for (let i = 0; i < 5; i += 1) expect((await list()).status).toBe(200);
      expect(await lastUse()).toEqual(first);
      const { rows } = await connection.query<{ name: string }>("SELECT name FROM pg_prepared_statements");
      expect(rows.map((row) => row.name)).toEqual(
        expect.arrayContaining(["caller-of-api-token", "take-rate-limit-turn"]),
      );

      // A minute (and a second) later, by moving the row's clock back instead of waiting.
      await t.web.db.query(
        "UPDATE app.api_tokens SET last_used_at = last_used_at - make_interval(secs => $2) WHERE name = $1",
        ["poller", LAST_SEEN_EVERY_SECONDS + 1],
      );
      const stale = await lastUse();
      expect((await list()).status).toBe(200);
      expect((await lastUse())?.getTime()).toBeGreaterThan(stale?.getTime() ?? Number.POSITIVE_INFINITY);
    } finally {
      connection.release();
    }
  });

  it("keeps the rate-limit counters out of the WAL, so a turn does not wait for a flush (decision 036)", async () => {
    const { rows } = await t.web.db.query<{ relpersistence: string }>(
      "SELECT relpersistence FROM pg_class WHERE oid = 'app.login_limits'::regclass",
    );
    expect(rows).toEqual([{ relpersistence: "u" }]);
  });

  it("creates a token with scopes and expiry from Settings, shows it once, and lists it with its last use", async () => {
    const session = await createSession(t.web.db, account);
    const created = await answerOf(
      tokensAction(
        formPost(
          t.web,
          "/settings/tokens",
          { intent: "create", name: "zapier", scopes: "read", expiresIn: "30d" },
          { clientIp: freshIp(), session },
        ),
      ),
    );
    const token = (created.data as { created: string }).created;
    expect(token).toMatch(/^cpa_/);
    const { rows } = await t.web.db.query<{ token_hash: Buffer; scopes: string[]; days: number }>(
      `SELECT token_hash, scopes, round(extract(epoch FROM expires_at - now()) / 86400)::int AS days
         FROM app.api_tokens WHERE name = 'zapier'`,
    );
    expect(rows).toEqual([{ token_hash: expect.any(Buffer), scopes: ["read"], days: 30 }]);
    expect(rows[0]!.token_hash.toString("base64url")).not.toContain(token.slice(4));
    await listConversations(t.web, api("/api/v1/messaging/conversations", token), freshIp());
    const page = (await tokensLoader({
      request: new Request("http://web.test/settings/tokens", { headers: { cookie: `cloudpa_session=${session}` } }),
      context: { web: t.web, clientIp: "" },
      params: {},
    } as unknown as LoaderFunctionArgs)) as { tokens: { name: string; lastUsedAt: Date | null }[] };
    expect(JSON.stringify(page)).not.toContain(token);
    expect(page.tokens.find((listed) => listed.name === "zapier")?.lastUsedAt).toBeInstanceOf(Date);

    const bad = await answerOf(
      tokensAction(
        formPost(
          t.web,
          "/settings/tokens",
          { intent: "create", name: "x", scopes: "admin" },
          { clientIp: freshIp(), session },
        ),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ error: "Scopes are read and send" });
  });

  it("creates and lists tokens from the CLI with --scope and --expires-in", async () => {
    const cli = fileURLToPath(new URL("../../cli/cli.ts", import.meta.url));
    const env = { ...process.env, DATABASE_URL: t.database.url, CLOUDPA_ENV_FILE: "/dev/null" };
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { env });
    const created = await run(
      "tokens",
      "create",
      "--email",
      "scopes@example.com",
      "--name",
      "ci",
      "--scope",
      "read",
      "--expires-in",
      "30d",
    );
    const token = created.stdout.trim().split("\n").pop() ?? "";
    expect(token).toMatch(/^cpa_/);
    expect(created.stderr).toMatch(/scopes read, expires 20\d\d-/);
    const before = (await run("tokens", "list", "--email", "scopes@example.com")).stdout;
    expect(before).toMatch(/"ci" {2}scopes=read {2}created=\S+ {2}expires=20\d\d-\S+ {2}last-used=never/);
    expect(before).not.toContain(token);
    await listConversations(t.web, api("/api/v1/messaging/conversations", token), freshIp());
    const after = (await run("tokens", "list", "--email", "scopes@example.com")).stdout;
    expect(after).toMatch(/"ci" {2}scopes=read {2}created=\S+ {2}expires=\S+ {2}last-used=20\d\d-/);
    await expect(run("tokens", "create", "--email", "scopes@example.com", "--scope", "write")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Scopes are read and send"),
    });
    // A missing --email is named (the usage alone followed it), and --help is the usage, exit 0.
    await expect(run("tokens", "create")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^tokens create needs --email <email>\nusage: npm run cloudpa -- <command>/),
    });
    expect((await run("tokens", "--help")).stdout).toContain("tokens list --email <email>");
    expect(await findAccountByEmail(t.web.db, "scopes@example.com")).toBeDefined();
  }, 60_000);
});
