import { type TestDatabase, type TestNats, testDatabase, testKeys, testNats } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAll } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { webTestEnv } from "./support/web-env.ts";

let database: TestDatabase;
let nats: TestNats;
/** No proxy in front (WEB_TRUSTED_PROXIES=0), reached over http, NODE_ENV=production. */
let direct: RunningWeb;
/** One trusted proxy in front, which says in X-Forwarded-Proto how the user reached it. */
let proxied: RunningWeb;
/** Published at an https WEB_PUBLIC_URL. */
let published: RunningWeb;

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  await migrateAll(database.url);
  const env = (extra: Record<string, string>) =>
    webTestEnv({
      databaseUrl: database.url,
      natsUrl: nats.url,
      namespace: nats.names.namespace,
      keys: testKeys(),
      extra,
    });
  // One after the other: three servers loading at once on a busy machine starve each other.
  // In production mode, as compose runs it on http://localhost: its cookies must still be kept.
  direct = await startBuiltWeb(env({ NODE_ENV: "production" }));
  proxied = await startBuiltWeb(env({ WEB_TRUSTED_PROXIES: "1" }));
  published = await startBuiltWeb(env({ WEB_PUBLIC_URL: "https://inbox.example" }));
}, 240_000);

afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop(), published?.stop()]);
  await nats?.cleanup();
  await database?.drop();
});

/** The directives of a CSP header, by name. */
function directives(header: string | null): Record<string, string[]> {
  const parsed: Record<string, string[]> = {};
  for (const part of (header ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) parsed[name] = values;
  }
  return parsed;
}

async function page(web: RunningWeb, path = "/login", headers: Record<string, string> = {}) {
  const response = await fetch(`${web.url}${path}`, { headers, redirect: "manual" });
  return { response, html: await response.text() };
}

describe("security headers", () => {
  it("gives a page a CSP whose script nonce is fresh per request and on every script tag", async () => {
    const first = await page(direct);
    const second = await page(direct);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("content-type")).toMatch(/^text\/html/);

    const csp = directives(first.response.headers.get("content-security-policy"));
    const nonce = csp["script-src"]?.find((v) => v.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp["style-src"]).toEqual(["'self'"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["img-src"]).toEqual(["'self'", "data:"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    expect(first.response.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(first.response.headers.get("content-security-policy")).not.toContain("unsafe-eval");

    const scripts = [...first.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const secondNonce = directives(second.response.headers.get("content-security-policy"))["script-src"]?.[1];
    expect(secondNonce).not.toBe(`'nonce-${nonce}'`);
    expect(second.html).toContain(`nonce="${secondNonce?.slice("'nonce-".length, -1)}"`);
    expect(second.html).not.toContain(nonce);
  });

  it("gives a page the framing, referrer, sniffing, feature and opener headers", async () => {
    const { response } = await page(direct);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    const features = response.headers.get("permissions-policy") ?? "";
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"])
      expect(features).toContain(`${feature}=()`);
    expect(features).not.toContain("publickey-credentials");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("gives a JSON API answer the non-document subset: no nonce, nothing to load, never framed", async () => {
    const response = await fetch(`${direct.url}/api/v1/messaging/conversations`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(directives(response.headers.get("content-security-policy"))).toEqual({
      "default-src": ["'none'"],
      "frame-ancestors": ["'none'"],
    });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("permissions-policy")).toBeNull();
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS only over https: an https public URL, or a trusted proxy's X-Forwarded-Proto", async () => {
    const hsts = async (web: RunningWeb, headers: Record<string, string> = {}) =>
      (await page(web, "/login", headers)).response.headers.get("strict-transport-security");
    expect(await hsts(direct)).toBeNull();
    // With no proxy trusted, a client's own X-Forwarded-Proto changes nothing.
    expect(await hsts(direct, { "x-forwarded-proto": "https" })).toBeNull();
    expect(await hsts(proxied)).toBeNull();
    expect(await hsts(proxied, { "x-forwarded-proto": "http" })).toBeNull();
    expect(await hsts(proxied, { "x-forwarded-proto": "https" })).toBe("max-age=31536000; includeSubDomains");
    expect(await hsts(published)).toBe("max-age=31536000; includeSubDomains");
    const api = await fetch(`${published.url}/api/v1/messaging/conversations`);
    expect(api.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    // Over https the page also asks the browser to upgrade any http subresource.
    expect(directives((await page(published)).response.headers.get("content-security-policy"))).toHaveProperty(
      "upgrade-insecure-requests",
    );
    expect(directives((await page(direct)).response.headers.get("content-security-policy"))).not.toHaveProperty(
      "upgrade-insecure-requests",
    );
  });

  it("marks cookies Secure exactly where users reach the web over https, whatever NODE_ENV says", async () => {
    // A browser drops a Secure cookie an http page sets (Safari even on localhost, every browser on
    // a LAN address): compose's production web on http://localhost:3000 could not be logged in to.
    const csrfCookie = async (web: RunningWeb) => (await page(web)).response.headers.get("set-cookie") ?? "";
    expect(await csrfCookie(direct)).toMatch(/^cloudpa_csrf=/);
    expect(await csrfCookie(direct)).not.toMatch(/;\s*Secure/i);
    expect(await csrfCookie(published)).toMatch(/;\s*Secure/i);
  });
});
