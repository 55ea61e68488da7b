import { type TestDatabase, type TestNats, testDatabase, testKeys, testNats } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { RATE_LIMITS } from "#app/accounts/rate-limit.server.ts";
import { migrateAll } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { webTestEnv } from "./support/web-env.ts";

// Two web server processes over one database, behind one trusted proxy (X-Forwarded-For names the
// client): the limits hold across both, as they must across replicas.
const API_LIMIT_PER_TOKEN = 40;
let database: TestDatabase;
let nats: TestNats;
let webs: RunningWeb[] = [];
let db: pg.Pool;

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  await migrateAll(database.url);
  const env = webTestEnv({
    databaseUrl: database.url,
    natsUrl: nats.url,
    namespace: nats.names.namespace,
    keys: testKeys(),
    // The API's budget is the deployment's (env): a small one, so spending it takes seconds, well
    // inside its one-minute window, however busy the machine.
    extra: { WEB_TRUSTED_PROXIES: "1", LOG_LEVEL: "warn", WEB_API_LIMIT_PER_TOKEN: String(API_LIMIT_PER_TOKEN) },
  });
  webs = [await startBuiltWeb(env), await startBuiltWeb(env)];
  db = new pg.Pool({ connectionString: database.url, max: 2 });
}, 240_000);

afterAll(async () => {
  await Promise.all(webs.map((web) => web.stop()));
  await db?.end();
  await nats?.cleanup();
  await database?.drop();
});

/** A browser's sign-up at `base` from address `ip`: the form (its CSRF cookie and field), then the post. */
async function signUp(base: string, ip: string, email: string) {
  const form = await fetch(`${base}/signup`, { headers: { "x-forwarded-for": ip } });
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = /name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/.exec(await form.text());
  const answer = await fetch(`${base}/signup`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "x-forwarded-for": ip,
      "content-type": "application/x-www-form-urlencoded",
      origin: base,
      cookie,
    },
    body: new URLSearchParams({
      email,
      password: "a quiet harbour at dawn",
      businessName: "Studio",
      csrf: csrf?.[1] ?? csrf?.[2] ?? "",
    }).toString(),
  });
  return { status: answer.status, retryAfter: answer.headers.get("retry-after"), body: await answer.text() };
}

describe("abuse limits across two web processes", () => {
  it("lets 10 of 15 sign-ups from one address through and answers the rest 429 with Retry-After in the form", async () => {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, n) => signUp(webs[n % 2]!.url, "198.51.100.9", `burst${n}@example.com`)),
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses, `15 sign-ups in ${seconds} s`).toEqual([
      ...Array(RATE_LIMITS.signUp.perClient).fill(302),
      ...Array(15 - RATE_LIMITS.signUp.perClient).fill(429),
    ]);
    for (const refused of answers.filter((answer) => answer.status === 429)) {
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.body).toMatch(/role="alert"[^>]*>Too many sign-ups from here\. Try again in \d+ minutes\.</);
    }
    // Another address still signs up.
    expect((await signUp(webs[1]!.url, "198.51.100.10", "elsewhere@example.com")).status).toBe(302);
  }, 60_000);

  it(`answers a token's request past ${API_LIMIT_PER_TOKEN} a minute with 429 and Retry-After on either process`, async () => {
    const account = await createAccount(db, { email: "api@example.com", password: "x", businessName: "API" });
    const token = await createApiToken(db, account, "busy", { scopes: ["read"] });
    const get = (n: number) =>
      fetch(`${webs[n % 2]!.url}/api/v1/messaging/conversations`, {
        headers: { authorization: `Bearer ${token}`, "x-forwarded-for": `192.0.2.${n % 250}` },
      });
    let ok = 0;
    for (let start = 0; start < API_LIMIT_PER_TOKEN; start += 20) {
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => get(start + i).then((r) => r.status)));
      ok += statuses.filter((status) => status === 200).length;
    }
    expect(ok).toBe(API_LIMIT_PER_TOKEN);
    for (const n of [0, 1]) {
      const over = await get(n);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await over.json()) as { error: { code: string } }).error.code).toBe("RATE.LIMITED");
    }
  }, 180_000);
});
