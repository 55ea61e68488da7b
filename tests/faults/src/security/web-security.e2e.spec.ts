import { randomUUID } from "node:crypto";
import { channelKeyOf, type InboundMessageReceived } from "@cloudpa/contracts";
import { waitFor } from "@cloudpa/testkit";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEventLog } from "../harness/event-log.js";
import { CHANNEL_NUMBER, type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { projectorCaughtUp, withClient } from "../harness/invariants.js";
import { WebClient } from "../harness/web-client.js";

const PASSWORD_A = `alpha ${randomUUID()}`;
const PASSWORD_B = `bravo ${randomUUID()}`;
const SECRET_BODY = `the secret plan ${randomUUID()}`;
const HOSTILE_NAME = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
const CUSTOMER = "+15557654321";

// Two freelancers on one installation: A has a channel, customers and replies; B tries every id of A's.
describe("tenant isolation, CSRF, sessions, brute force, secrets", () => {
  let scenario: FaultScenario;
  let a: WebClient;
  let b: WebClient;
  let tokenA: string;
  let tokenB: string;
  let conversationId: string;
  let messageIds: string[];
  let orgA: string;

  const commandsAppended = async () => {
    const jsm = await jetstreamManager(scenario.nc);
    return (await jsm.streams.info(scenario.names.commandsStream)).state.last_seq;
  };
  const createToken = async (client: WebClient) => {
    await client.get("/settings/tokens");
    const page = await client.postForm("/settings/tokens", { intent: "create", name: "sweep" });
    const token = /class="token"[^>]*>([^<]+)</.exec(page.body)?.[1];
    if (!token) throw new Error(`no token on the page (${page.status})`);
    return token;
  };

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector", "outbound", "web"], envChannel: false });
    const web = scenario.service("web").url;
    a = new WebClient(web);
    b = new WebClient(web);
    expect((await a.signUp(`a-${randomUUID()}@example.com`, PASSWORD_A, "Alpha Studio")).status).toBe(302);
    expect((await b.signUp(`b-${randomUUID()}@example.com`, PASSWORD_B, "Bravo Studio")).status).toBe(302);
    await a.get("/settings/channels");
    const connected = await a.postForm("/settings/channels", {
      intent: "connect",
      accountSid: scenario.account.accountSid,
      authToken: scenario.account.authToken,
      number: CHANNEL_NUMBER.replace("whatsapp:", ""),
      displayName: "Alpha",
    });
    expect(connected.status, connected.body.slice(0, 300)).toBe(200);
    // The ingress learns the channel from the registry bucket; the customer writes once it does.
    await waitFor(
      async () =>
        (await scenario.sim.inbound({ from: CUSTOMER, profileName: HOSTILE_NAME, body: SECRET_BODY })).webhookStatus ===
        200,
      {
        timeoutMs: 20_000,
        what: "the ingress to accept the customer's message",
      },
    );
    ({ conversationId, orgA } = await waitFor(
      () =>
        withClient(scenario.db.url, async (client) => {
          const row = (
            await client.query<{ id: string; org_id: string }>("select id, org_id from readmodel.conversation")
          ).rows[0];
          return row ? { conversationId: row.id, orgA: row.org_id } : undefined;
        }),
      { timeoutMs: 30_000, what: "A's conversation in the read model" },
    ));
    await a.get(`/inbox/${conversationId}`);
    const reply = await a.postForm(`/inbox/${conversationId}`, {
      intent: "reply",
      commandId: randomUUID(),
      text: "Thanks, on it",
    });
    expect(reply.status).toBe(202);
    await waitFor(() => scenario.sim.sentMessages().length === 1, {
      timeoutMs: 30_000,
      what: "A's reply to reach Twilio",
    });
    messageIds = await waitFor(
      () =>
        withClient(scenario.db.url, async (client) => {
          const rows = (await client.query<{ id: string }>("select id from readmodel.message")).rows;
          return rows.length >= 2 ? rows.map((row) => row.id) : undefined;
        }),
      { timeoutMs: 30_000, what: "A's messages in the read model" },
    );
    tokenA = await createToken(a);
    tokenB = await createToken(b);
  }, 180_000);
  afterAll(() => scenario?.stop());

  const leaks = (body: string) =>
    [SECRET_BODY, CUSTOMER, conversationId, ...messageIds].filter((secret) => body.includes(secret));

  it("shows B none of A's conversations, messages or media, by page or by API", async () => {
    const attempts = [
      await b.get("/inbox"),
      await b.get(`/inbox/${conversationId}`),
      await b.get(`/inbox/${conversationId}?_data=routes%2Finbox.%24id`),
      ...(await Promise.all(messageIds.map((id) => b.get(`/media/${id}/0`)))),
      await b.get("/api/v1/messaging/conversations", { authorization: `Bearer ${tokenB}` }),
      await b.get(`/api/v1/messaging/conversations/${conversationId}`, { authorization: `Bearer ${tokenB}` }),
      await b.get(`/api/v1/messaging/conversations?q=${encodeURIComponent(SECRET_BODY)}`, {
        authorization: `Bearer ${tokenB}`,
      }),
    ];
    for (const answer of attempts) expect(leaks(answer.body)).toEqual([]);
    expect(attempts[1]?.status).toBe(404);
    expect(attempts.at(-2)?.status).toBe(404);
    // A sees them (the sweep is not vacuous).
    expect((await a.get(`/inbox/${conversationId}`)).body).toContain(SECRET_BODY);
    const api = await fetch(`${scenario.service("web").url}/api/v1/messaging/conversations/${conversationId}`, {
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(await api.text()).toContain(SECRET_BODY);
  });

  it("lets B neither answer nor mark read A's conversation, by form or API", async () => {
    const before = await commandsAppended();
    await b.get("/inbox");
    const form = await b.postForm(`/inbox/${conversationId}`, {
      intent: "reply",
      commandId: randomUUID(),
      text: "from B",
    });
    const read = await b.postForm(`/inbox/${conversationId}`, { intent: "read" });
    const api = await b.request(`/api/v1/messaging/conversations/${conversationId}/send`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokenB}`, "content-type": "application/json" },
      body: JSON.stringify({ text: "from B's API" }),
    });
    expect([form.status, read.status, api.status]).toEqual([404, 404, 404]);
    expect(await commandsAppended()).toBe(before);
    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    expect(log.events.filter((entry) => entry.event.type === "ConversationRead")).toEqual([]);
  });

  it("sends A's live updates to A only", async () => {
    const listen = (client: WebClient) => {
      const controller = new AbortController();
      const chunks: string[] = [];
      const done = fetch(`${client.baseUrl}/live`, {
        headers: { cookie: client.cookieHeader },
        signal: controller.signal,
      })
        .then(async (response) => {
          const reader = response.body?.getReader();
          for (;;) {
            const chunk = await reader?.read();
            if (!chunk || chunk.done) return;
            chunks.push(Buffer.from(chunk.value).toString("utf8"));
          }
        })
        .catch(() => undefined);
      const stop = () => {
        controller.abort();
        return done;
      };
      return { text: () => chunks.join(""), stop };
    };
    const liveA = listen(a);
    const liveB = listen(b);
    try {
      await waitFor(() => liveA.text().includes("connected") && liveB.text().includes("connected"), {
        what: "both live streams to open",
      });
      expect((await scenario.sim.inbound({ from: CUSTOMER, body: `live ${randomUUID()}` })).webhookStatus).toBe(200);
      await waitFor(() => liveA.text().includes("event: change"), { timeoutMs: 20_000, what: "A's live notice" });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(liveB.text()).not.toContain("event: change");
      expect(leaks(liveB.text())).toEqual([]);
    } finally {
      await Promise.all([liveA.stop(), liveB.stop()]);
    }
  });

  it("lets B neither disconnect A's channel nor revoke A's token", async () => {
    await b.get("/settings/channels");
    const disconnect = await b.postForm("/settings/channels", {
      intent: "disconnect",
      externalPhoneId: CHANNEL_NUMBER,
    });
    expect(disconnect.status).toBe(404);
    const tokenIds = await withClient(scenario.db.url, async (client) =>
      (await client.query<{ id: string }>("select id::text as id from app.api_tokens")).rows.map((row) => row.id),
    );
    await b.get("/settings/tokens");
    for (const tokenId of tokenIds) await b.postForm("/settings/tokens", { intent: "revoke", tokenId });
    const stillA = await fetch(`${scenario.service("web").url}/api/v1/messaging/conversations`, {
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(stillA.status).toBe(200);
    const kv = await new Kvm(scenario.nc).open(scenario.names.channelsBucket);
    const record = (await kv.get(channelKeyOf(CHANNEL_NUMBER)))?.json<{ isActive: boolean; orgId: string }>();
    expect(record).toMatchObject({ isActive: true, orgId: orgA });
  });

  it("refuses A's own reply form without the CSRF token, with B's token, or from another site, and appends nothing", async () => {
    const before = await commandsAppended();
    await a.get(`/inbox/${conversationId}`);
    const reply = () => ({ intent: "reply", commandId: randomUUID(), text: "forged" });
    const answers = [
      await a.postForm(`/inbox/${conversationId}`, reply(), { csrf: false }),
      await a.postForm(`/inbox/${conversationId}`, reply(), { csrf: b.csrf ?? "x" }),
      await a.postForm(`/inbox/${conversationId}`, reply(), { headers: { origin: "https://evil.example" } }),
      await a.request(`/api/v1/messaging/conversations/${conversationId}/send`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example" },
        body: JSON.stringify({ text: "forged through the API" }),
      }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(await commandsAppended()).toBe(before);
  });

  // Found by this suite: Remix's own guard used to throw on a cross-site document POST before the
  // route's action ran, answering 500 with a stack trace (fixed in 43d9c67).
  it("answers a cross-site form post 403, not 500", async () => {
    await a.get(`/inbox/${conversationId}`);
    const answer = await a.postForm(
      `/inbox/${conversationId}`,
      { intent: "reply", commandId: randomUUID(), text: "forged" },
      { headers: { origin: "https://evil.example" } },
    );
    expect(answer.status).toBe(403);
  });

  it("never signs in a session id planted before log-in, and forgets a session at log-out", async () => {
    const victim = new WebClient(scenario.service("web").url);
    victim.cookies.set("cloudpa_session", "planted-by-the-attacker");
    const email = `c-${randomUUID()}@example.com`;
    await victim.signUp(email, PASSWORD_B, "Charlie");
    await victim.request("/logout", {
      method: "POST",
      headers: { origin: victim.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${victim.csrf}`,
    });
    victim.cookies.set("cloudpa_session", "planted-by-the-attacker");
    expect((await victim.logIn(email, PASSWORD_B)).status).toBe(302);
    const session = victim.cookies.get("cloudpa_session");
    expect(session).toBeDefined();
    expect(session).not.toBe("planted-by-the-attacker");
    const attacker = new WebClient(scenario.service("web").url);
    attacker.cookies.set("cloudpa_session", "planted-by-the-attacker");
    expect((await attacker.get("/inbox")).status).toBe(302);

    // After log-out the old cookie value opens nothing.
    await victim.get("/inbox");
    await victim.request("/logout", {
      method: "POST",
      headers: { origin: victim.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${victim.csrf}`,
    });
    const replay = new WebClient(scenario.service("web").url);
    replay.cookies.set("cloudpa_session", session ?? "");
    expect((await replay.get("/inbox")).status).toBe(302);
  });

  it("rate-limits log-in attempts: after five wrong passwords even the right one is refused", async () => {
    const email = `d-${randomUUID()}@example.com`;
    const owner = new WebClient(scenario.service("web").url);
    await owner.signUp(email, PASSWORD_A, "Delta");
    const attacker = new WebClient(scenario.service("web").url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1)
      statuses.push((await attacker.logIn(email, `guess ${attempt}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect((await attacker.logIn(email, PASSWORD_A)).status).toBe(429);
  });

  it("keeps the Twilio auth token encrypted at rest: not in the registry record, not in any table", async () => {
    const kv = await new Kvm(scenario.nc).open(scenario.names.channelsBucket);
    const raw = Buffer.from((await kv.get(channelKeyOf(CHANNEL_NUMBER)))?.value ?? new Uint8Array()).toString("utf8");
    expect(raw.length).toBeGreaterThan(0);
    const token = scenario.account.authToken;
    for (const form of [token, Buffer.from(token).toString("base64"), Buffer.from(token).toString("hex")])
      expect(raw).not.toContain(form);
    const dump = await withClient(scenario.db.url, async (client) => {
      const tables = (
        await client.query<{ schema: string; name: string }>(
          "select table_schema as schema, table_name as name from information_schema.tables where table_schema in ('app', 'readmodel')",
        )
      ).rows;
      let text = "";
      for (const table of tables)
        text += JSON.stringify((await client.query(`select * from "${table.schema}"."${table.name}"`)).rows);
      return text;
    });
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(PASSWORD_A);
    expect(dump).not.toContain(tokenA);
  });

  it("renders a <script> ProfileName as text in the browser, and runs none of it", async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    try {
      const context = await browser.newContext();
      const web = scenario.service("web").url;
      await context.addCookies(
        [...a.cookies].map(([name, value]) => ({ name, value, url: web, httpOnly: true, sameSite: "Lax" as const })),
      );
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      for (const path of ["/inbox", `/inbox/${conversationId}`]) {
        await page.goto(`${web}${path}`);
        await page.waitForLoadState("networkidle");
        expect(await page.evaluate("typeof window.__xss")).toBe("undefined");
        // Shown as the literal text it is.
        await page.getByText("<script>window.__xss=1</script>").first().waitFor({ state: "visible", timeout: 10_000 });
      }
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("never shows A an event appended to the stream without a signing key", async () => {
    const forgedBody = `forged ${randomUUID()}`;
    const genuine = (await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring)).events.find(
      (entry) => entry.event.type === "InboundMessageReceived",
    )?.event as InboundMessageReceived;
    const forged: InboundMessageReceived = {
      ...genuine,
      eventId: randomUUID(),
      messageSid: `SM${randomUUID().replace(/-/g, "")}`,
      body: forgedBody,
    };
    const ack = await jetstream(scenario.nc).publish(
      scenario.names.conversationEventSubject(forged.orgId, forged.conversationId, "inbound_received"),
      Buffer.from(JSON.stringify(forged)),
    );
    // Read after the append: the log holds the forged message, so its partition is waited for.
    await projectorCaughtUp(
      scenario.db.url,
      await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring),
      30_000,
    );
    expect((await a.get(`/inbox/${conversationId}`)).body).not.toContain(forgedBody);
    expect((await a.get("/inbox")).body).not.toContain(forgedBody);
    const quarantined = await withClient(
      scenario.db.url,
      async (client) => (await client.query("select seq from readmodel.quarantine where seq = $1", [ack.seq])).rowCount,
    );
    expect(quarantined).toBe(1);
  });

  it("never writes a secret or a message body to any service's log", async () => {
    const lines = scenario.logs().map((entry) => `${entry.service}: ${entry.line}`);
    expect(lines.length).toBeGreaterThan(10);
    const secrets = {
      "Twilio auth token": scenario.account.authToken,
      "A's password": PASSWORD_A,
      "B's password": PASSWORD_B,
      "A's API token": tokenA,
      "B's API token": tokenB,
      "A's session": a.cookies.get("cloudpa_session") ?? "none",
      "customer's message": SECRET_BODY,
      "A's reply": "Thanks, on it",
      "credentials key": scenario.keys.env.CREDENTIALS_KEY ?? "none",
      "ingress signing key": scenario.keys.ingress.signingKey.slice(-40),
      "outbound signing key": scenario.keys.outbound.signingKey.slice(-40),
      "web signing key": scenario.keys.web.signingKey.slice(-40),
    };
    const found = Object.entries(secrets).flatMap(([what, secret]) =>
      lines.filter((line) => line.includes(secret)).map((line) => `${what} in ${line.slice(0, 200)}`),
    );
    expect(found).toEqual([]);
  });
});
