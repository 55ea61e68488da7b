import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import type { BenchDatabase } from "../infra/bench-database.js";
import { natsUrl, repoRoot } from "../infra/bench-env.js";
import type { BenchKeys } from "../infra/bench-keys.js";
import type { BenchNats } from "../infra/bench-nats.js";
import { processCpuUs } from "../infra/process-cpu.js";
import { freePort, rssMb, startProcess, waitUntilReady } from "../infra/service-process.js";
import { LatencySamples } from "../latency-samples.js";
import { rawServerScript } from "../raw-limits.js";

export interface WebLatencies {
  /** `GET /inbox.data`: the inbox route's loaders only (what a client-side navigation fetches). */
  inboxLoader: LatencySamples;
  /**
   * `GET /inbox/<id>.data?_routes=root,routes/inbox.$id`: opening a conversation from the list, as
   * the client asks for it (the root's and the conversation's loaders; the list is not reloaded).
   */
  conversationLoader: LatencySamples;
  /** `GET /inbox/<id>.data`: every loader of a conversation's page, as a live update reloads it. */
  conversationReload: LatencySamples;
  /** `GET /inbox`: the whole server-rendered page. */
  inboxDocument: LatencySamples;
  /** `GET /api/v1/messaging/conversations?limit=50` with an API token. */
  apiList: LatencySamples;
  /** `GET /api/v1/messaging/conversations/<id>` with an API token. */
  apiConversation: LatencySamples;
  /** `GET /inbox.data?label=<id>`: the inbox filtered by the label on the most conversations (issue 15). */
  inboxCommonLabelLoader: LatencySamples;
  /** `GET /inbox.data?label=<id>`: filtered by the label on the fewest. */
  inboxRareLabelLoader: LatencySamples;
  /** `GET /inbox.data?view=archived`: the archived view's loaders. */
  inboxArchivedLoader: LatencySamples;
  /** Opening a conversation with notes and labels from the list (as `conversationLoader`). */
  notedConversationLoader: LatencySamples;
  /**
   * The floor under the two loaders issue 16 restates: their query served by a bare node:http
   * process (raw/bare-query-server.ts), timed by the same client, interleaved with the web's
   * requests. What HTTP and a second process add to a query before any of the web's work.
   */
  queryOverBareHttp: { inbox: LatencySamples; conversation: LatencySamples };
  rssMb: number;
  /**
   * The web process's CPU µs per request of each kind: its CPU time read before and after
   * every request (in 10 ms ticks, so one request's reading is coarse, the sum over hundreds
   * is not), summed per kind and divided by the requests of that kind.
   */
  cpuUsPerRequest: Record<WebRequestKind, number>;
}

export const WEB_REQUEST_KINDS = [
  "inboxLoader",
  "conversationLoader",
  "conversationReload",
  "inboxDocument",
  "apiList",
  "apiConversation",
  "inboxCommonLabelLoader",
  "inboxRareLabelLoader",
  "inboxArchivedLoader",
  "notedConversationLoader",
] as const;
export type WebRequestKind = (typeof WEB_REQUEST_KINDS)[number];

/** What the web's requests name besides random conversations: seeded labels and conversations with notes (issue 15). */
export interface WebTargets {
  conversationIds: string[];
  commonLabelId: string;
  rareLabelId: string;
  notedConversationIds: string[];
}

/** A conversation's data as the client asks for it when opened from the list: the root's and its loaders (web/app/routes/inbox.tsx's shouldRevalidate). */
const openedFromTheList = (base: string, id: string | undefined) =>
  `${base}/inbox/${id}.data?_routes=${encodeURIComponent("root,routes/inbox.$id")}`;

const webCli = join(repoRoot, "web/cli/cli.ts");
const webServer = join(repoRoot, "web/server.js");
const webBuild = join(repoRoot, "web/build/server/index.js");

export function webAvailable(): string | undefined {
  if (!existsSync(webServer) || !existsSync(webCli)) return "web/server.js or web/cli/cli.ts is missing";
  if (!existsSync(webBuild)) return "web/build is missing (pnpm --filter @cloudpa/web run build)";
  return undefined;
}

function cli(args: string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, [webCli, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`web cli ${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

async function timed(
  samples: LatencySamples,
  url: string,
  headers: Record<string, string>,
  cpu?: { pid: number; totalUs: number },
): Promise<void> {
  const cpuBefore = cpu ? processCpuUs(cpu.pid) : 0;
  const started = performance.now();
  const response = await fetch(url, { headers, redirect: "manual" });
  await response.arrayBuffer();
  samples.record(performance.now() - started);
  if (cpu) cpu.totalUs += processCpuUs(cpu.pid) - cpuBefore;
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
}

/**
 * The web as a process over the seeded read model: a freelancer of the default org (the org
 * the rows were seeded for) signs in, and the inbox and conversation routes' loaders, the
 * inbox document and the JSON API are timed one request at a time.
 */
export async function measureWebApi(
  database: BenchDatabase,
  nats: BenchNats,
  keys: BenchKeys,
  options: { iterations: number } & WebTargets,
  log: (line: string) => void,
): Promise<WebLatencies> {
  const email = "bench@cloudpa.test";
  const password = "bench-password-0123456789";
  const env = {
    ...keys.env,
    DATABASE_URL: database.url,
    NATS_URL: natsUrl,
    CLOUDPA_NAMESPACE: nats.names.namespace,
    SESSION_SECRET: "bench-session-secret-0123456789abcdef",
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DEMO_EMAIL: email,
    DEMO_PASSWORD: password,
    DEFAULT_ORG_ID,
  };
  cli(["migrate"], env);
  cli(["demo-user"], env);
  const token = cli(["tokens", "create", "--email", email, "--name", "bench"], env).trim().split("\n").pop() ?? "";
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Its own metrics port too, so it never meets another web's default one (9464).
  const metricsPort = String(await freePort());
  const web = startProcess("web", webServer, [], {
    ...env,
    WEB_PORT: String(port),
    WEB_METRICS_PORT: metricsPort,
    PUBLIC_BASE_URL: base,
  });
  const floorPort = await freePort();
  const floorBase = `http://127.0.0.1:${floorPort}`;
  const floor = startProcess("bare query server", rawServerScript("bare-query-server"), [String(floorPort)], {
    DATABASE_URL: database.url,
  });
  try {
    await waitUntilReady(web, `${base}/healthz`);
    await waitUntilReady(floor, `${floorBase}/inbox`);
    const cookiesOf = (response: Response) =>
      response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    // The sign-in form is CSRF-protected by a double-submit token: cookie + hidden field.
    const form = await fetch(`${base}/login`);
    const csrfCookie = cookiesOf(form);
    const csrf = /name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/.exec(await form.text());
    const login = await fetch(`${base}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: csrfCookie },
      body: new URLSearchParams({
        email,
        password,
        redirectTo: "/inbox",
        csrf: csrf?.[1] ?? csrf?.[2] ?? "",
      }).toString(),
      redirect: "manual",
    });
    const cookie = [csrfCookie, cookiesOf(login)].filter(Boolean).join("; ");
    if (!/session/i.test(cookiesOf(login)))
      throw new Error(`signing in answered ${login.status} without a session cookie`);
    const session = { cookie };
    const api = { authorization: `Bearer ${token}` };
    const samples = Object.fromEntries(WEB_REQUEST_KINDS.map((kind) => [kind, new LatencySamples()])) as Record<
      WebRequestKind,
      LatencySamples
    >;
    const cpu = Object.fromEntries(WEB_REQUEST_KINDS.map((kind) => [kind, { pid: web.pid, totalUs: 0 }])) as Record<
      WebRequestKind,
      { pid: number; totalUs: number }
    >;
    const result: WebLatencies = {
      ...samples,
      queryOverBareHttp: { inbox: new LatencySamples(), conversation: new LatencySamples() },
      rssMb: 0,
      cpuUsPerRequest: Object.fromEntries(WEB_REQUEST_KINDS.map((kind) => [kind, 0])) as Record<WebRequestKind, number>,
    };
    // Warm-up: the first requests compile routes and fill pools.
    for (let i = 0; i < 5; i++) {
      await timed(new LatencySamples(), `${base}/inbox.data`, session);
      await timed(new LatencySamples(), `${floorBase}/inbox`, {});
    }
    log(`web: ${options.iterations} requests of each kind, one at a time`);
    for (let i = 0; i < options.iterations; i++) {
      const id = options.conversationIds[i % options.conversationIds.length];
      await timed(result.inboxLoader, `${base}/inbox.data`, session, cpu.inboxLoader);
      await timed(result.queryOverBareHttp.inbox, `${floorBase}/inbox`, {});
      await timed(result.conversationLoader, openedFromTheList(base, id), session, cpu.conversationLoader);
      await timed(result.queryOverBareHttp.conversation, `${floorBase}/conversation/${id}`, {});
      await timed(result.conversationReload, `${base}/inbox/${id}.data`, session, cpu.conversationReload);
      await timed(result.inboxDocument, `${base}/inbox`, session, cpu.inboxDocument);
      await timed(result.apiList, `${base}/api/v1/messaging/conversations?limit=50`, api, cpu.apiList);
      await timed(result.apiConversation, `${base}/api/v1/messaging/conversations/${id}`, api, cpu.apiConversation);
      const common = `${base}/inbox.data?label=${options.commonLabelId}`;
      await timed(result.inboxCommonLabelLoader, common, session, cpu.inboxCommonLabelLoader);
      const rare = `${base}/inbox.data?label=${options.rareLabelId}`;
      await timed(result.inboxRareLabelLoader, rare, session, cpu.inboxRareLabelLoader);
      await timed(result.inboxArchivedLoader, `${base}/inbox.data?view=archived`, session, cpu.inboxArchivedLoader);
      const noted = options.notedConversationIds[i % options.notedConversationIds.length];
      const notedOpened = openedFromTheList(base, noted);
      await timed(result.notedConversationLoader, notedOpened, session, cpu.notedConversationLoader);
    }
    for (const kind of WEB_REQUEST_KINDS) {
      result.cpuUsPerRequest[kind] = cpu[kind].totalUs / Math.max(options.iterations, 1);
    }
    result.rssMb = rssMb(web.pid);
    return result;
  } finally {
    await Promise.all([web.stop(), floor.stop()]);
  }
}
