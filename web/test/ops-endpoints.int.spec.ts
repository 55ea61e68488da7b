// The web's operations endpoints as the built server answers them: the probes on the main port
// (`/readyz` follows NATS and Postgres, each behind a proxy the test can cut), `/metrics` only on
// the metrics port (WEB_METRICS_PORT), never on the public one; and what a page answers, and the
// log says, while Postgres does not answer.
import {
  endpointOf,
  type TcpProxy,
  type TestDatabase,
  type TestNats,
  tcpProxy,
  testDatabase,
  testKeys,
  testNats,
  viaProxy,
  waitFor,
} from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { migrateAll } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { webTestEnv } from "./support/web-env.ts";

let database: TestDatabase;
let nats: TestNats;
let natsProxy: TcpProxy;
let postgresProxy: TcpProxy;
let web: RunningWeb;

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  await migrateAll(database.url);
  natsProxy = await tcpProxy(endpointOf(nats.url, 4222));
  postgresProxy = await tcpProxy(endpointOf(database.url, 5432));
  web = await startBuiltWeb(
    webTestEnv({
      databaseUrl: viaProxy(database.url, postgresProxy),
      natsUrl: viaProxy(nats.url, natsProxy),
      namespace: nats.names.namespace,
      keys: testKeys(),
    }),
  );
}, 240_000);

afterAll(async () => {
  natsProxy?.restore();
  postgresProxy?.restore();
  await web?.stop();
  await Promise.all([natsProxy?.close(), postgresProxy?.close()]);
  await nats?.cleanup();
  await database?.drop();
});

async function readyz() {
  const response = await fetch(`${web.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

const ready = { status: "ready", checks: { nats: true, postgres: true } };

describe("the web's probes", () => {
  it("answers /healthz and /readyz on the main port while NATS and Postgres answer", async () => {
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    expect(await readyz()).toEqual({ status: 200, body: ready });
  });

  it("is not ready (503, and which dependency) while NATS is unreachable, and ready again once it is back", async () => {
    natsProxy.cut();
    const down = await waitFor(async () => ((await readyz()).status === 503 ? readyz() : false), {
      timeoutMs: 10_000,
      what: "/readyz to answer 503 with NATS cut",
    });
    expect(down.body).toEqual({ status: "not ready", checks: { nats: false, postgres: true } });
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200);

    natsProxy.restore();
    await waitFor(async () => (await readyz()).status === 200, { timeoutMs: 15_000, what: "NATS back" });
    expect(await readyz()).toEqual({ status: 200, body: ready });
  });

  it("is not ready (503, and which dependency) while Postgres is unreachable, and ready again once it is back", async () => {
    postgresProxy.cut();
    const down = await waitFor(async () => ((await readyz()).status === 503 ? readyz() : false), {
      timeoutMs: 10_000,
      what: "/readyz to answer 503 with Postgres cut",
    });
    expect(down.body).toEqual({ status: "not ready", checks: { nats: true, postgres: false } });

    postgresProxy.restore();
    await waitFor(async () => (await readyz()).status === 200, { timeoutMs: 15_000, what: "Postgres back" });
    expect(await readyz()).toEqual({ status: 200, body: ready });
  });
});

describe("the web's /metrics", () => {
  it("is served on the metrics port only: the main port answers 404", async () => {
    const metrics = await fetch(`${web.metricsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    expect(await metrics.text()).toMatch(/^web_live_connections\{service="web"\} 0$/m);

    const publicPort = await fetch(`${web.url}/metrics`);
    expect(publicPort.status).toBe(404);
    expect(await publicPort.text()).not.toContain("web_live_connections");
    // The metrics port serves nothing else: no page, no API, no probe.
    expect((await fetch(`${web.metricsUrl}/login`)).status).toBe(404);
  });
});

describe("a page while Postgres does not answer", () => {
  it("answers 'Something went wrong' instead of waiting, logs the request, and serves the next page once Postgres answers", async () => {
    const direct = new pg.Pool({ connectionString: database.url, max: 1 });
    let cookie: string;
    try {
      const account = await createAccount(direct, {
        email: "frozen@example.com",
        password: "a long password",
        businessName: "Frozen",
      });
      cookie = `${SESSION_COOKIE}=${await createSession(direct, account)}`;
    } finally {
      await direct.end();
    }
    const inbox = () => fetch(`${web.url}/inbox`, { headers: { cookie }, redirect: "manual" });
    expect((await inbox()).status).toBe(200);
    // A path no route matches (a browser's /favicon.ico) is answered 404, not logged as a failure.
    expect((await fetch(`${web.url}/favicon.ico`)).status).toBe(404);

    // The connections stay open and nothing comes back: a frozen Postgres. Without the pool's
    // limits this request never got an answer.
    postgresProxy.delay(120_000);
    const frozen = await inbox();
    expect(frozen.status).toBe(500);
    expect(await frozen.text()).toContain("Something went wrong");
    expect(web.output()).toMatch(/"message":"request failed"[^\n]*"path":"\/inbox"[^\n]*"error":"Query read timeout"/);
    expect(web.output()).not.toMatch(/"message":"request failed"[^\n]*favicon/);

    postgresProxy.delay(0);
    postgresProxy.cut(); // the connections that waited are reset, as a restarted Postgres would
    postgresProxy.restore();
    await waitFor(async () => (await inbox()).status === 200, { timeoutMs: 15_000, what: "the inbox again" });
  }, 60_000);
});
