import { TWILIO_RETRY_OVERRIDES, webhookPaths } from "@cloudpa/contracts";
import { type Browser, chromium } from "playwright-core";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTwilioSim, type TwilioSim } from "../index.js";
import { startWebhookReceiver } from "../testing/webhook-receiver.js";

const ACCOUNT = { accountSid: `AC${"39".repeat(16)}`, authToken: "4a".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const HOSTILE = `<img src=x onerror="document.body.dataset.pwned='yes'">`;

describe("the phone page", () => {
  let sim: TwilioSim;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let browser: Browser;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startTwilioSim({
      accounts: [ACCOUNT],
      numbers: [BUSINESS],
      inboundWebhookUrl: `${receiver.url}${webhookPaths().inbound}${TWILIO_RETRY_OVERRIDES}`,
      statusDelayMs: 1,
    });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await receiver?.close();
  });

  it("sends a customer's message as a signed webhook and shows the business's reply, all as text", async () => {
    const page = await browser.newPage();
    // Nothing the page asks of the simulator is refused (its icon was a 404 in the console; the
    // browser's icon request is not one of the page's events, so the console is what tells).
    const refused: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && message.location().url.startsWith(sim.url))
        refused.push(`${message.location().url}: ${message.text()}`);
    });
    await page.goto(sim.url);
    await page.fill("#customer-number", "+447700900555");
    await page.fill("#customer-name", "Grace <b>Hopper</b>");
    await page.fill("#message-body", HOSTILE);
    await page.fill("#media-url", "https://images.example/leak.jpg");
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("#outcome")).toBe("webhook answered 200");

    const webhook = receiver.received[0];
    expect(webhook?.params).toMatchObject({
      From: "whatsapp:+447700900555",
      ProfileName: "Grace <b>Hopper</b>",
      Body: HOSTILE,
      MediaUrl0: "https://images.example/leak.jpg",
    });
    expect(
      twilio.validateRequest(
        ACCOUNT.authToken,
        webhook?.headers["x-twilio-signature"] as string,
        `${receiver.url}${webhookPaths().inbound}`,
        webhook?.params ?? {},
      ),
    ).toBe(true);

    const basic = Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64");
    const sent = await fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ From: BUSINESS, To: "whatsapp:+447700900555", Body: "On my way <script>" }),
    });
    expect(sent.status).toBe(201);

    await expect
      .poll(() => page.locator(".bubble.business").first().textContent(), { timeout: 10_000 })
      .toContain("On my way <script>");
    expect(await page.locator(".bubble.customer").first().textContent()).toContain(HOSTILE);
    expect(await page.evaluate("document.body.dataset.pwned")).toBeUndefined();
    expect(await page.locator(".bubble.customer img").getAttribute("src")).toBe("https://images.example/leak.jpg");
    expect(refused).toEqual([]);
    await page.close();
  });
});
