// The product as its users meet it: a freelancer signs up and connects a WhatsApp number, a
// customer writes from their phone (the simulated Twilio), the message appears in the open
// inbox without a reload, the freelancer answers, Twilio receives the reply, and its status
// callbacks carry the ticks to "read". Every service runs as a real process.

import { join } from "node:path";
import { waitFor } from "@cloudpa/testkit";
import pg from "pg";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { CHANNEL_NUMBER, type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { signUpAndConnect } from "../harness/freelancer.js";
import { REPO_ROOT } from "../harness/repo-root.js";

const CUSTOMER = "whatsapp:+447700900123";

describe("Cloud PA end to end, as a freelancer and a customer use it", () => {
  let scenario: FaultScenario;
  let browser: Browser;

  beforeAll(async () => {
    // No env channel: the only way in is the number the freelancer connects in the web.
    scenario = await startScenario({ services: ["ingress", "projector", "outbound", "web"], envChannel: false });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.stop();
  });

  it("connects the number, shows the customer's message live, sends the reply once, and moves its ticks to read", async () => {
    const web = scenario.service("web").url;
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    onTestFailed(async () => {
      await page.screenshot({ path: join(REPO_ROOT, "web/test-results/product-flow-failure.png"), fullPage: true });
    });

    await signUpAndConnect(page, scenario, {
      businessName: "Ada's Plumbing",
      email: "ada@plumbing.example",
      password: "correct horse battery staple",
    });

    await page.goto(`${web}/inbox`);
    await page.getByRole("heading", { name: "No conversations yet" }).waitFor();

    // From here on the page is never reloaded: what arrives, arrives live.
    const inbound = await scenario.sim.inbound({
      from: CUSTOMER,
      to: CHANNEL_NUMBER,
      profileName: "Grace Hopper",
      body: "Can you come on Friday? The sink leaks 🚰",
    });
    expect(inbound.webhookStatus).toBe(200);
    await page.getByRole("link", { name: /Grace Hopper/ }).waitFor({ timeout: 20_000 });

    await page.getByRole("link", { name: /Grace Hopper/ }).click();
    const messages = page.getByRole("log", { name: "Messages" });
    await messages.getByText("Can you come on Friday? The sink leaks 🚰").waitFor();

    const reply = page.getByLabel("Your reply");
    await reply.fill("Yes, Friday 9am works");
    await reply.press("Enter");

    const sent = await waitFor(() => scenario.sim.sentMessages().find((m) => m.body === "Yes, Friday 9am works"), {
      timeoutMs: 20_000,
      what: "the reply at Twilio's Messages API",
    });
    expect(sent).toMatchObject({ from: CHANNEL_NUMBER, to: CUSTOMER, accountSid: scenario.account.accountSid });
    expect(sent.statusCallback).toContain(`${scenario.ingressUrl}/api/v1/messaging/webhook/whatsapp/status`);

    await page.locator(".bubble-row.outbound:not(.pending) [data-status=read]").waitFor({ timeout: 20_000 });

    const client = new pg.Client({ connectionString: scenario.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT direction, status, body FROM readmodel.message WHERE provider_sid = ANY($1) ORDER BY direction",
        [[inbound.messageSid, sent.sid]],
      );
      expect(rows).toEqual([
        { direction: "inbound", status: "received", body: "Can you come on Friday? The sink leaks 🚰" },
        { direction: "outbound", status: "read", body: "Yes, Friday 9am works" },
      ]);
    } finally {
      await client.end();
    }
    expect(scenario.sim.sentMessages().filter((m) => m.body === "Yes, Friday 9am works")).toHaveLength(1);
  }, 180_000);
});
