// The web's composition root: env parsed once (fails loudly), one context per process, the
// Remix build served by express. `node server.js` after `remix vite:build`.

import { existsSync, readdirSync } from "node:fs";

/** How often the web deletes expired sessions. */
const SESSION_PRUNE_EVERY_MS = 15 * 60_000;

/**
 * Starts the built web server (and its metrics port). Returns the listening server and a close()
 * that ends both and its NATS and Postgres connections. Tests call it with their own env and ports 0.
 */
export async function startWebServer({
  env = process.env,
  port,
  metricsPort,
  buildPath = "./build/server/index.js",
  log = true,
} = {}) {
  // Loaded here, after the entry below started tracing, so the http instrumentation sees express load (decision 012).
  const { default: express } = await import("express");
  const { limitRequestBody, remixHandler } = await import("./request-body.js");
  const build = await import(new URL(buildPath, import.meta.url).href);
  const {
    bodyLimitOf,
    checkOrigin,
    createWebContext,
    cspNonceOf,
    parseWebEnv,
    pruneExpiredSessions,
    registerEnvChannel,
    securityHeaders,
    startAutoReplier,
    startPushSender,
    webReadiness,
  } = build.entry.module;
  const webEnv = parseWebEnv(env);
  const web = await createWebContext(webEnv);
  // The env's number becomes a connected channel like any other before the first request.
  const envChannel = await registerEnvChannel(web);
  if (envChannel.kind !== "none") web.logger.info("env channel", envChannel);
  // Each new customer message is pushed to the members' devices (docs/decisions/025), when configured.
  const pushSender = await startPushSender(web);
  // Away messages and greetings, as SendReply commands issued once per trigger (docs/decisions/026).
  const autoReplier = await startAutoReplier(web);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", webEnv.WEB_TRUSTED_PROXIES);
  // CSP with a fresh nonce per page, frame-ancestors 'none', Referrer-Policy, nosniff,
  // Permissions-Policy, COOP, and HSTS over https only (app/security/security-headers.server.ts).
  app.use(securityHeaders({ publicUrl: webEnv.WEB_PUBLIC_URL }));
  app.use(
    "/assets",
    express.static(new URL("./build/client/assets", import.meta.url).pathname, { immutable: true, maxAge: "1y" }),
  );
  // The client build's other files (the service worker, icons, the offline shell): asked of the
  // file system only for a path under one of its top-level names, so a page, a loader's data or the
  // API costs no failed stat per request (issue 16). The build does not change while it is served.
  const clientDir = new URL("./build/client", import.meta.url).pathname;
  const clientNames = new Set(existsSync(clientDir) ? readdirSync(clientDir) : []);
  const clientFiles = express.static(clientDir, { maxAge: "1h" });
  app.use((req, res, next) => (clientNames.has(req.path.split("/")[1] ?? "") ? clientFiles(req, res, next) : next()));
  // The probes stay on the main port; /metrics is served only on the metrics port (below), so the
  // public port answers it 404 in every deployment (docs/design-additions.md).
  app.get("/healthz", (_req, res) => res.json({ status: "ok" }));
  app.get("/readyz", async (_req, res) => {
    const readiness = await webReadiness(web);
    res.status(readiness.ready ? 200 : 503).json(readiness.body);
  });
  app.get("/metrics", (_req, res) => res.status(404).type("text/plain").send("Not found."));
  // Cross-site writes are refused here, at the edge, with 403 and the reason. Behind this,
  // Remix's own guard would throw on a cross-site document POST and answer 500.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const headers = new Headers();
    for (const name of ["origin", "host", "x-forwarded-host", "sec-fetch-site"]) {
      const value = req.get(name);
      if (value) headers.set(name, value);
    }
    const verdict = checkOrigin(new Request(`http://${req.get("host") ?? "localhost"}/`, { method: "POST", headers }));
    if (verdict.ok) return next();
    web.logger.warn("cross-site request refused", { method: req.method, path: req.path, reason: verdict.reason });
    const message = "This request came from another site and was refused.";
    if (req.path.startsWith("/api/")) return res.status(403).json({ error: { code: "SECURITY.CROSS_SITE", message } });
    return res.status(403).type("text/plain").send(message);
  });
  // Bodies are limited per kind of route and refused with 413 before any route reads them.
  app.use(
    limitRequestBody(bodyLimitOf, (req, res, limit) => {
      const message = `This request is too large: at most ${Math.floor(limit.bytes / 1024)} KB.`;
      web.logger.warn("request body too large", { method: req.method, path: req.path, limit: limit.bytes });
      if (limit.kind !== "form") return res.status(413).json({ error: { code: "REQUEST.TOO_LARGE", message } });
      return res.status(413).type("text/plain").send(message);
    }),
  );
  app.all(
    "*",
    remixHandler({
      build,
      getLoadContext: (req, res) => ({ web, clientIp: req.ip ?? "unknown", cspNonce: cspNonceOf(res), perRequest: {} }),
    }),
  );

  // Expired sessions are deleted on a schedule (and an account's own at each log-in); the timer
  // never keeps the process alive.
  const pruneSessions = () =>
    pruneExpiredSessions(web.db)
      .then((pruned) => pruned > 0 && web.logger.info("expired sessions pruned", { pruned }))
      .catch((error) => web.logger.warn("pruning expired sessions failed", { error: String(error) }));
  const pruneTimer = setInterval(pruneSessions, SESSION_PRUNE_EVERY_MS);
  pruneTimer.unref();

  // Prometheus scrapes the operators' metrics on their own port, which no public route reaches.
  const metricsApp = express();
  metricsApp.disable("x-powered-by");
  metricsApp.get("/metrics", async (_req, res) => res.type(web.metrics.contentType).send(await web.metrics.metrics()));

  const server = await listen(app, port ?? webEnv.WEB_PORT);
  const metricsServer = await listen(metricsApp, metricsPort ?? webEnv.WEB_METRICS_PORT);
  const url = urlOf(server);
  const metricsUrl = urlOf(metricsServer);
  if (log) web.logger.info("web listening", { url, metricsUrl });
  return {
    url,
    metricsUrl,
    server,
    web,
    async close() {
      clearInterval(pruneTimer);
      await pushSender?.stop();
      await autoReplier?.stop();
      for (const listening of [server, metricsServer]) listening.closeAllConnections?.();
      await Promise.all([server, metricsServer].map((listening) => new Promise((resolve) => listening.close(resolve))));
      await web.close();
    },
  };
}

function listen(app, port) {
  return new Promise((resolve, reject) => {
    const listening = app.listen(port, () => resolve(listening));
    listening.once("error", reject);
  });
}

function urlOf(server) {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : ""}`;
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  // Its V8 flags first (decision 031): without them the process replaces itself with one started
  // with them, before it has loaded the kit, express or the build.
  const { runWithServiceV8Flags } = await import("@cloudpa/kit/v8-flags");
  runWithServiceV8Flags();
  const { loadDotEnv, startTracing } = await import("@cloudpa/kit");
  // The working directory's .env, then the repository's (written by `npm start`); neither overrides the environment.
  loadDotEnv();
  loadDotEnv(new URL("../.env", import.meta.url).pathname);
  try {
    // Before express and the Remix build (pg, the routes) load, so they are instrumented (decision
    // 012); a no-op without OTEL_EXPORTER_OTLP_ENDPOINT.
    await startTracing("web");
    const running = await startWebServer();
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  } catch (error) {
    console.error(`web failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
