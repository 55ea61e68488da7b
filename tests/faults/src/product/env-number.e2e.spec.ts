// The product as a freelancer with their own Twilio number starts it: TWILIO_ACCOUNT_SID,
// TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM set for every service (no number connected in the
// web, no demo connect step), Twilio played by the simulator at TWILIO_API_BASE_URL. A customer
// writes, and the freelancer answers from the inbox: the number must be connected there too.

import { execFile } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "@cloudpa/testkit";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { CHANNEL_NUMBER, type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { REPO_ROOT } from "../harness/repo-root.js";

const CUSTOMER = "whatsapp:+447700900456";
const FREELANCER = { email: "solo@plumbing.example", password: "correct horse battery staple" };

/** The freelancer `npm start` creates in the default org (the env channel's org). */
function createDemoUser(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(REPO_ROOT, "web/cli/cli.ts"), "demo-user"],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? "",
          DATABASE_URL: databaseUrl,
          DEMO_EMAIL: FREELANCER.email,
          DEMO_PASSWORD: FREELANCER.password,
        },
        timeout: 60_000,
      },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`demo-user failed: ${stderr}`, { cause: error })) : resolve(),
    ),
  );
}

describe("Cloud PA with the freelancer's own number set in the environment", () => {
  let scenario: FaultScenario;
  let browser: Browser;

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector", "outbound", "web"], envChannel: true });
    await createDemoUser(scenario.db.url);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.stop();
  });

  it("shows the number as connected and sends the inbox's reply to the Messages API once", async () => {
    const web = scenario.service("web").url;
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    onTestFailed(async () => {
      await page.screenshot({ path: join(REPO_ROOT, "web/test-results/env-number-failure.png"), fullPage: true });
    });

    await page.goto(`${web}/login`);
    await page.getByLabel("Email").fill(FREELANCER.email);
    await page.getByLabel("Password").fill(FREELANCER.password);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await page.waitForURL(/\/inbox/);

    const inbound = await scenario.sim.inbound({
      from: CUSTOMER,
      to: CHANNEL_NUMBER,
      profileName: "Linus",
      body: "Is the boiler service still on for Monday?",
    });
    expect(inbound.webhookStatus).toBe(200);
    await page.goto(`${web}/inbox`);
    await waitFor(
      async () => {
        if (await page.getByRole("link", { name: /Linus/ }).count()) return true;
        await page.reload();
        return undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: "the customer's conversation in the inbox" },
    );
    await page.getByRole("link", { name: /Linus/ }).click();
    await page.getByRole("log", { name: "Messages" }).getByText("Is the boiler service still on for Monday?").waitFor();

    expect(await page.getByText("This WhatsApp number is disconnected").count()).toBe(0);
    const reply = page.getByLabel("Your reply");
    expect(await reply.isEnabled()).toBe(true);
    await reply.fill("Yes, Monday 8am");
    await reply.press("Enter");

    const sent = await waitFor(() => scenario.sim.sentMessages().find((m) => m.body === "Yes, Monday 8am"), {
      timeoutMs: 20_000,
      what: "the reply at Twilio's Messages API",
    });
    expect(sent).toMatchObject({ from: CHANNEL_NUMBER, to: CUSTOMER, accountSid: scenario.account.accountSid });
    // Its ticks reach "read": every status callback is in, so a second send would have happened by now.
    await page.locator(".bubble-row.outbound:not(.pending) [data-status=read]").waitFor({ timeout: 20_000 });
    expect(scenario.sim.sentMessages().filter((m) => m.body === "Yes, Monday 8am")).toHaveLength(1);

    // The API and the channels page tell the same story as the inbox.
    const conversationId = page.url().split("/").pop();
    const api = await page.evaluate(
      async (id) =>
        (await (await fetch(`/api/v1/messaging/conversations/${id}`)).json()) as {
          conversation: { channel: unknown };
        },
      conversationId,
    );
    expect(api.conversation.channel).toMatchObject({ externalPhoneId: CHANNEL_NUMBER, isActive: true });
    await page.goto(`${web}/settings/channels`);
    const listed = page.locator(".channel-list .channel", { hasText: CHANNEL_NUMBER.replace("whatsapp:", "") });
    await listed.getByText("Active").waitFor();
    await listed.getByText("configured by environment").waitFor();
    expect(await listed.getByRole("button", { name: "Deactivate" }).count()).toBe(0);
  }, 180_000);
});
