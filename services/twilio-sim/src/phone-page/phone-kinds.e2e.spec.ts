import { rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mediaFromWebhook, webhookPaths } from "@cloudpa/contracts";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTwilioSim, type TwilioSim } from "../index.js";
import { startWebhookReceiver } from "../testing/webhook-receiver.js";

const ACCOUNT = { accountSid: `AC${"4b".repeat(16)}`, authToken: "5c".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const CUSTOMER = "+447700900777";
// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n% quote\n%%EOF\n");

describe("the phone page shows every kind of message the way WhatsApp would", () => {
  let sim: TwilioSim;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let files: Server;
  let filesUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    files = createServer((request, response) => {
      const pdf = request.url === "/quote.pdf";
      response.writeHead(200, {
        "content-type": pdf ? "application/pdf" : "image/png",
        ...(pdf ? { "content-disposition": 'attachment; filename="quote.pdf"' } : {}),
      });
      response.end(pdf ? PDF : PNG);
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", () => resolve()));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    sim = await startTwilioSim({
      accounts: [ACCOUNT],
      numbers: [BUSINESS],
      inboundWebhookUrl: `${receiver.url}${webhookPaths().inbound}`,
      statusDelayMs: 1,
    });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await receiver?.close();
    await new Promise<void>((resolve) => files?.close(() => resolve()));
  });

  const send = (form: URLSearchParams) =>
    fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form,
    });

  it("attaches a local photo, shares a location and a contact, taps a button quoting a template; shows the business's template, photo and PDF", async () => {
    const page = await browser.newPage();
    await page.goto(sim.url);
    await page.fill("#customer-number", CUSTOMER);

    const photo = join(tmpdir(), `sim-photo-${process.pid}.png`);
    writeFileSync(photo, PNG);
    try {
      await page.setInputFiles("#attach-files", photo);
      await page.fill("#message-body", "The leak, see photo");
      await page.click("button[type=submit]");
      await expect.poll(() => page.textContent("#outcome")).toBe("webhook answered 200");
    } finally {
      // Chromium reads the chosen file when the form is sent, not when it is chosen: removed once
      // sent, so nothing is left in the machine's temporary folder.
      rmSync(photo, { force: true });
    }
    const photoParams = receiver.received.at(-1)?.params ?? {};
    expect(photoParams).toMatchObject({ NumMedia: "1", MessageType: "image", MediaContentType0: "image/png" });
    const [item] = mediaFromWebhook(photoParams);
    const basic = `Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64")}`;
    const fetched = await fetch(item?.url as string, { headers: { authorization: basic } });
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(PNG);
    await expect.poll(() => page.locator(".bubble.customer img").count()).toBe(1);

    await page.click("#more summary");
    await page.click("#send-location");
    await expect.poll(() => receiver.received.at(-1)?.params.MessageType).toBe("location");
    await expect.poll(() => page.locator(".bubble.customer .card.location").textContent()).toContain("Home");
    expect(await page.locator(".card.location").getAttribute("href")).toContain("mlat=51.5033635");

    await page.click("#send-contact");
    await expect.poll(() => receiver.received.at(-1)?.params.MessageType).toBe("contacts");
    await expect.poll(() => page.locator(".card.contact").textContent()).toContain("Grace Hopper");

    const template = await send(
      new URLSearchParams({
        From: BUSINESS,
        To: `whatsapp:${CUSTOMER}`,
        ContentSid: sim.demoTemplateSid("appointment_reminder"),
        ContentVariables: JSON.stringify({ "1": "Ada", "2": "Friday", "3": "10:00" }),
      }),
    );
    const templateSid = ((await template.json()) as { sid: string }).sid;
    await expect
      .poll(() => page.locator(".bubble.business").last().textContent(), { timeout: 10_000 })
      .toContain("Hi Ada, a reminder of your appointment on Friday at 10:00.");
    expect(await page.locator(".bubble.business .template-tag").count()).toBe(1);

    // Tap the template's bubble to quote it, then a button.
    await page.locator(`.bubble[data-sid="${templateSid}"]`).click();
    await expect.poll(() => page.isVisible("#replying")).toBe(true);
    await page.click("#send-button");
    await expect.poll(() => receiver.received.at(-1)?.params.MessageType).toBe("button");
    expect(receiver.received.at(-1)?.params).toMatchObject({
      ButtonText: "Confirm",
      ButtonPayload: "confirm",
      OriginalRepliedMessageSid: templateSid,
      OriginalRepliedMessageSender: BUSINESS,
    });
    await expect.poll(() => page.locator(".bubble.customer .quote").last().textContent()).toContain("Hi Ada");

    const media = new URLSearchParams({ From: BUSINESS, To: `whatsapp:${CUSTOMER}`, Body: "Your quote" });
    media.append("MediaUrl", `${filesUrl}/quote.pdf`);
    media.append("MediaUrl", `${filesUrl}/done.png`);
    expect((await send(media)).status).toBe(201);
    await expect
      .poll(() => page.locator(".bubble.business .card.document").textContent(), { timeout: 10_000 })
      .toContain("quote.pdf");
    expect(await page.locator(".bubble.business img").count()).toBe(1);
    expect(
      await page
        .locator(".bubble.business img")
        .evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1);
    await page.close();
  });
});
