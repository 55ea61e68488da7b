import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { WebClient } from "../harness/web-client.js";

// The web's edge as an outside prober sees it: redirects, the log-in limit, body sizes, bad
// params, caching and the Host header. Each case is a defect a penetration test found.
const PASSWORD = `edge ${randomUUID()}`;
const PUBLIC_WEB_URL = "https://inbox.cloudpa.example";

/** A client with its own address, as the one proxy in front of this web (WEB_TRUSTED_PROXIES=1) reports it. */
function clientAt(baseUrl: string, ip: string): WebClient {
  const client = new WebClient(baseUrl);
  const request = client.request.bind(client);
  client.request = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", ip);
    return request(path, { ...init, headers });
  };
  return client;
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

/** A raw HTTP/1.1 request, for headers fetch will not send (Host) and bodies it would buffer. */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: (write: (chunk: Buffer) => boolean) => void },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    // The server may answer and close before the whole body is sent: that is the point. An
    // error before any answer is the test's failure, with its code.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (!answered) reject(new Error(`no answer: ${error.code ?? error.message}`));
    });
    if (options.body) options.body((chunk) => req.write(chunk));
    req.end();
  });
}

describe("the web's edge", () => {
  let scenario: FaultScenario;
  let web: string;
  let owner: WebClient;
  let ownerEmail: string;
  let token: string;

  beforeAll(async () => {
    scenario = await startScenario({
      services: ["web"],
      envChannel: false,
      env: { web: { WEB_PUBLIC_URL: PUBLIC_WEB_URL, WEB_TRUSTED_PROXIES: "1" } },
    });
    web = scenario.service("web").url;
    ownerEmail = `owner-${randomUUID()}@example.com`;
    owner = clientAt(web, freshIp());
    expect((await owner.signUp(ownerEmail, PASSWORD, "Edge Studio")).status).toBe(302);
    await owner.get("/settings/tokens");
    const page = await owner.postForm("/settings/tokens", { intent: "create", name: "edge" });
    token = /class="token"[^>]*>([^<]+)</.exec(page.body)?.[1] ?? "";
    expect(token).not.toBe("");
  }, 180_000);
  afterAll(() => scenario?.stop());

  describe("after log-in", () => {
    const logInTo = async (redirectTo: string) => {
      const client = clientAt(web, freshIp());
      await client.get("/login");
      return client.postForm("/login", { email: ownerEmail, password: PASSWORD, redirectTo });
    };

    it("goes only to a path on this site, whatever the redirectTo", async () => {
      const hostile = [
        "/\t/127.0.0.1:3002/",
        "/\n/evil.example/",
        "/\\evil.example/",
        "//evil.example/",
        "/.//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
      ];
      for (const redirectTo of hostile) {
        const answer = await logInTo(redirectTo);
        expect(answer.status, redirectTo).toBe(302);
        const location = answer.headers.get("location") ?? "";
        expect(new URL(location, "http://site.invalid").origin, `${JSON.stringify(redirectTo)} → ${location}`).toBe(
          "http://site.invalid",
        );
        expect(location, JSON.stringify(redirectTo)).toMatch(/^\/(?![/\\])/);
      }
    });

    it("answers CR/LF and unusual characters in redirectTo with a redirect, not a 500", async () => {
      for (const redirectTo of ["/inbox\r\nSet-Cookie: planted=1", "/inbox\u0000", "/inbox/\u00e9t\u00e9?q=\u2603"]) {
        const answer = await logInTo(redirectTo);
        expect(answer.status, JSON.stringify(redirectTo)).toBe(302);
        expect(answer.headers.get("set-cookie") ?? "").not.toContain("planted");
      }
    });

    it("keeps a same-site path with its query and fragment", async () => {
      const answer = await logInTo("/inbox?filter=unread#top");
      expect(answer.headers.get("location")).toBe("/inbox?filter=unread#top");
    });
  });

  describe("the log-in limit", () => {
    it("lets 5 of 12 parallel wrong passwords for one account through, and says when to retry", async () => {
      const email = `race-${randomUUID()}@example.com`;
      await new WebClient(web).signUp(email, PASSWORD, "Race");
      const attackers = Array.from({ length: 12 }, () => clientAt(web, freshIp()));
      await Promise.all(attackers.map((client) => client.get("/login")));
      const answers = await Promise.all(
        attackers.map((client, n) => client.postForm("/login", { email, password: `guess ${n}` })),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
      for (const answer of answers.filter((a) => a.status === 429))
        expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("never locks the owner out of a correct log-in from a browser they logged in from before", async () => {
      const email = `owner-${randomUUID()}@example.com`;
      const device = clientAt(web, freshIp());
      await device.signUp(email, PASSWORD, "Owner");
      await device.get("/login");
      await device.request("/logout", {
        method: "POST",
        headers: { origin: web, "content-type": "application/x-www-form-urlencoded" },
        body: `csrf=${device.csrf}`,
      });
      expect((await device.logIn(email, PASSWORD)).status).toBe(302);
      await device.request("/logout", {
        method: "POST",
        headers: { origin: web, "content-type": "application/x-www-form-urlencoded" },
        body: `csrf=${device.csrf}`,
      });

      const stranger = clientAt(web, freshIp());
      for (let attempt = 0; attempt < 6; attempt += 1) await stranger.logIn(email, `guess ${attempt}`);
      expect((await stranger.logIn(email, PASSWORD)).status).toBe(429);
      // A new browser is still held back by the account's lock; the owner's own browser is not.
      expect((await clientAt(web, freshIp()).logIn(email, PASSWORD)).status).toBe(429);
      expect((await device.logIn(email, PASSWORD)).status).toBe(302);
    });

    it("limits one address across many accounts, known device or not", async () => {
      const ip = freshIp();
      const sprayer = clientAt(web, ip);
      await sprayer.get("/login");
      const answers = await Promise.all(
        Array.from({ length: 34 }, (_, n) =>
          sprayer.postForm("/login", { email: `spray-${n}-${randomUUID()}@example.com`, password: "guess" }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([...Array(30).fill(401), ...Array(4).fill(429)]);
      expect(Number(answers.find((a) => a.status === 429)?.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });

  describe("request bodies", () => {
    it("refuses a 30 MB form post with 413 before reading it", async () => {
      const answer = await rawRequest(`${web}/login`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(30 * 1024 * 1024),
          origin: web,
        },
        body: (write) => write(Buffer.alloc(64 * 1024, "a")),
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatch(/too large/i);
    });

    it("cuts a chunked form post off with 413 once it passes the limit", async () => {
      const answer = await rawRequest(`${web}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked", origin: web },
        body: (write) => {
          for (let n = 0; n < 64; n += 1) write(Buffer.alloc(64 * 1024, "a"));
        },
      });
      expect(answer.status).toBe(413);
    });

    it("answers an oversized API body with a JSON 413", async () => {
      const answer = await rawRequest(`${web}/api/v1/messaging/conversations/${randomUUID()}/send`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": String(5 * 1024 * 1024),
        },
        body: (write) => write(Buffer.alloc(16 * 1024, " ")),
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "REQUEST.TOO_LARGE" } });
    });
  });

  describe("bad input", () => {
    const forgedCursor = Buffer.from(`9999-99-99 99:99:99|${randomUUID()}`).toString("base64url");

    it("answers 400 with a reason, never 500", async () => {
      const bearer = { authorization: `Bearer ${token}` };
      const answers = {
        "media id of dashes": await owner.get(`/media/${"-".repeat(36)}/0`),
        "media index not a number": await owner.get(`/media/${randomUUID()}/x`),
        "NUL in the inbox search": await owner.get("/inbox?q=%00"),
        "NUL in the inbox search (data)": await owner.get("/inbox?q=a%00b&_data=routes%2Finbox"),
        "NUL in the API search": await owner.get("/api/v1/messaging/conversations?q=%00", bearer),
        "forged API cursor": await owner.get(`/api/v1/messaging/conversations?cursor=${forgedCursor}`, bearer),
        "cursor of garbage": await owner.get("/api/v1/messaging/conversations?cursor=%00%FF", bearer),
      };
      for (const [what, answer] of Object.entries(answers)) {
        expect(answer.status, `${what}: ${answer.body.slice(0, 200)}`).toBe(400);
        expect(answer.body.length, what).toBeGreaterThan(0);
      }
      expect(JSON.parse(answers["forged API cursor"].body)).toMatchObject({ error: { code: "INBOX.BAD_CURSOR" } });
    });

    it("answers a malformed id in a form or a path as absent or bad, never 500", async () => {
      const dashes = "-".repeat(36);
      await owner.get("/settings/tokens");
      const revoke = await owner.postForm("/settings/tokens", { intent: "revoke", tokenId: dashes });
      expect(revoke.status).toBe(400);
      await owner.get("/inbox");
      const read = await owner.postForm(`/inbox/${dashes}`, { intent: "read" });
      const reply = await owner.postForm(`/inbox/${dashes}`, { intent: "reply", commandId: randomUUID(), text: "hi" });
      const page = await owner.get(`/inbox/${dashes}`);
      const api = await owner.get(`/api/v1/messaging/conversations/${dashes}`, { authorization: `Bearer ${token}` });
      const hugeIndex = await owner.get(`/media/${randomUUID()}/1e400`);
      expect([read.status, reply.status, page.status, api.status, hugeIndex.status]).toEqual([404, 404, 404, 404, 400]);
    });
  });

  describe("caching and the Host header", () => {
    it("marks every signed-in page and data request no-store", async () => {
      for (const path of ["/inbox", "/inbox?_data=routes%2Finbox", "/settings/channels", "/settings/tokens"]) {
        const answer = await owner.get(path);
        expect(answer.status, path).toBe(200);
        expect(answer.headers.get("cache-control"), path).toContain("no-store");
      }
      const api = await owner.get("/api/v1/messaging/conversations", { authorization: `Bearer ${token}` });
      expect(api.headers.get("cache-control")).toContain("no-store");
    });

    it("builds the OpenAPI server URL from configuration, never from the Host header", async () => {
      const answer = await rawRequest(`${web}/api/v1/openapi.json`, { headers: { host: "evil.example" } });
      expect(answer.status).toBe(200);
      expect(answer.body).not.toContain("evil.example");
      expect(JSON.parse(answer.body).servers).toEqual([{ url: PUBLIC_WEB_URL }]);
    });
  });
});

describe("a web with no proxy in front (the default)", () => {
  let scenario: FaultScenario;
  beforeAll(async () => {
    scenario = await startScenario({ services: ["web"], envChannel: false, env: { web: { NODE_ENV: "production" } } });
  }, 180_000);
  afterAll(() => scenario?.stop());

  it("counts the connection's own address, whatever X-Forwarded-For a client sends", async () => {
    const web = scenario.service("web").url;
    const sprayer = new WebClient(web);
    await sprayer.get("/login");
    const answers = await Promise.all(
      Array.from({ length: 34 }, (_, n) =>
        sprayer.postForm(
          "/login",
          { email: `spray-${n}-${randomUUID()}@example.com`, password: "guess" },
          { headers: { "x-forwarded-for": `203.0.113.${n + 1}` } },
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(30).fill(401), ...Array(4).fill(429)]);
  });
});
