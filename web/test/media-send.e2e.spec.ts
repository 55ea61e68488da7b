// A PDF and a photo sent from the inbox reach the customer's phone (issue 14, decision 021): in
// Chromium against the built web, with the outbound and the ingress as processes (the ingress
// serves the signed media URLs Twilio fetches) and the Twilio simulator as Twilio and the phone.
// No projector runs: the conversation is seeded as it would have written it, and the customer's
// message that opened WhatsApp's window is appended to the stream for the outbound to read.

import { randomUUID } from "node:crypto";
import { DEFAULT_ORG_ID, generateMediaUrlKey } from "@cloudpa/contracts";
import { appendSigned, MediaStore } from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model/testing";
import {
  ensureBuilt,
  freePort,
  startNode,
  type TestDatabase,
  type TestKeys,
  type TestNats,
  testDatabase,
  testKeys,
  testNats,
} from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { launchChromium, SCREENSHOTS_DIR } from "#test/support/browser.ts";
import { serviceReady, signedInPage } from "#test/support/browser-user.ts";
import { migrateAll, seedConversation } from "#test/support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "#test/support/start-web.ts";
import { webTestEnv } from "#test/support/web-env.ts";

const simAccount = { accountSid: `AC${"7d".repeat(16)}`, authToken: "9c".repeat(16) };
const f = eventFactory(DEFAULT_ORG_ID);
const customer = f.customer(41);
const conversationId = f.conversationOf(41);
const keptMessageId = randomUUID();
const keptPhotoId = randomUUID();
const keptPdfId = randomUUID();

const viewport = { width: 1280, height: 800 };
let database: TestDatabase;
let nats: TestNats;
let keys: TestKeys;
let sim: TwilioSim;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
const services: ReturnType<typeof startNode>[] = [];

const photo = {
  name: "roof.png",
  mimeType: "image/png",
  buffer: Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
    "base64",
  ),
};
const quote = { name: "quote.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% the quote\n%%EOF\n") };

beforeAll(async () => {
  await ensureBuilt("services");
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  keys = testKeys();
  sim = await startTwilioSim({ accounts: [simAccount], numbers: [f.channelNumber] });
  await migrateAll(database.url);
  const [ingressPort, outboundPort] = [await freePort(), await freePort()];
  const shared = {
    ...keys.env,
    NATS_URL: nats.url,
    CLOUDPA_NAMESPACE: nats.names.namespace,
    PUBLIC_BASE_URL: `http://127.0.0.1:${ingressPort}`,
    MEDIA_URL_KEY: generateMediaUrlKey(),
    TWILIO_API_BASE_URL: sim.url,
    TWILIO_ACCOUNT_SID: simAccount.accountSid,
    TWILIO_AUTH_TOKEN: simAccount.authToken,
    TWILIO_WHATSAPP_FROM: f.channelNumber,
    LOG_LEVEL: "warn",
  };
  const ingress = startNode("services/ingress/dist/main.js", [], { ...shared, INGRESS_PORT: String(ingressPort) });
  const outbound = startNode("services/outbound/dist/main.js", [], { ...shared, OUTBOUND_PORT: String(outboundPort) });
  services.push(ingress, outbound);
  web = await startBuiltWeb(
    webTestEnv({ databaseUrl: database.url, natsUrl: nats.url, namespace: nats.names.namespace, keys }),
  );
  await Promise.all([serviceReady(ingressPort, "ingress", ingress), serviceReady(outboundPort, "outbound", outbound)]);
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  const account = await createAccount(db, {
    email: "media-ui@example.com",
    password: "a calm inbox 2026",
    businessName: "Media UI",
    orgId: DEFAULT_ORG_ID,
  });
  await seedConversation(db, {
    orgId: DEFAULT_ORG_ID,
    channelId: f.channelId,
    channelNumber: f.channelNumber,
    conversationId,
    customer,
    name: "Margaret Media",
    lastInboundAt: new Date(),
    messages: [
      {
        id: keptMessageId,
        direction: "inbound",
        body: "Here is the leak and the old invoice",
        sentAt: new Date(Date.now() - 60_000),
        media: [
          { url: "", contentType: "image/png" },
          { url: "", contentType: "application/pdf" },
        ],
      },
      { id: randomUUID(), direction: "inbound", body: "Can you send the quote?", sentAt: new Date() },
    ],
  });
  // The customer's media as the media keeper kept it (decision 021): the copies in the store,
  // their ids on the message as the InboundMediaStored projection writes them.
  const store = await MediaStore.open(nats.nc, nats.names);
  await store.put(
    DEFAULT_ORG_ID,
    { mediaId: keptPhotoId, contentType: "image/png", size: 0, name: "leak.png" },
    photo.buffer,
  );
  await store.put(
    DEFAULT_ORG_ID,
    { mediaId: keptPdfId, contentType: "application/pdf", size: 0, name: "invoice.pdf" },
    quote.buffer,
  );
  await db.query("UPDATE readmodel.message SET media = $1 WHERE id = $2", [
    JSON.stringify([
      { url: "", contentType: "image/png", mediaId: keptPhotoId, size: photo.buffer.length, name: "leak.png" },
      { url: "", contentType: "application/pdf", mediaId: keptPdfId, size: quote.buffer.length, name: "invoice.pdf" },
    ]),
    keptMessageId,
  ]);
  const now = new Date().toISOString();
  await appendSigned(
    nats.js,
    nats.names,
    {
      ...f.inbound(1, 41, 1, { body: "Can you send the quote?" }),
      receivedAt: now,
      occurredAt: now,
      accountSid: simAccount.accountSid,
    },
    keys.signing.ingress,
  );
  browser = await launchChromium();
  page = await signedInPage(browser, db, web.url, account, viewport);
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  for (const service of services) service.child.kill("SIGTERM");
  await db?.end();
  await sim?.close();
  await nats?.cleanup();
  await database?.drop();
});

describe("files from the inbox to the phone", () => {
  it("refuses a file over WhatsApp's limit before uploading it, naming the limit (dropped or pasted)", async () => {
    await page.goto(`${web.url}/inbox/${conversationId}`);
    await page.getByRole("button", { name: "Attach", exact: true }).waitFor();
    // Made in the page (a 5 MB buffer through the DevTools protocol is slow), then dropped on it;
    // dispatched again until the page has hydrated and listens.
    const alertFor = async (name: string, dispatch: () => Promise<unknown>) => {
      await dispatch();
      return (await page.getByRole("alert").filter({ hasText: name }).count()) > 0
        ? page.getByRole("alert").filter({ hasText: name }).textContent()
        : "";
    };
    const drop = () =>
      page.evaluate(() => {
        const files = new DataTransfer();
        files.items.add(new File([new Uint8Array(5_000_001)], "huge.jpg", { type: "image/jpeg" }));
        document.dispatchEvent(new DragEvent("drop", { dataTransfer: files, bubbles: true, cancelable: true }));
      });
    await expect.poll(() => alertFor("huge.jpg", drop), { timeout: 15_000 }).toContain("5 MB");
    // Pasted: a type WhatsApp cannot send, refused by name.
    const paste = () =>
      page.evaluate(() => {
        const files = new DataTransfer();
        files.items.add(new File(["GIF89a"], "funny.gif", { type: "image/gif" }));
        document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: files, bubbles: true, cancelable: true }));
      });
    await expect.poll(() => alertFor("funny.gif", paste)).toContain("WhatsApp cannot send image/gif");
    expect(await page.locator(".attachment-chip").count()).toBe(0);
  });

  it("shows a customer's kept photo inline with a lightbox and a PDF as a card with name, type, size and download", async () => {
    await page.goto(`${web.url}/inbox/${conversationId}`);
    const card = page.getByTestId("document-card").filter({ hasText: "invoice.pdf" });
    await card.waitFor();
    expect(await card.textContent()).toContain(`PDF · ${quote.buffer.length} B`);
    expect(await card.getByRole("link", { name: "Download" }).getAttribute("href")).toBe(`/media/${keptMessageId}/1`);
    const served = await page.request.get(`${web.url}/media/${keptMessageId}/1`);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("application/pdf");
    expect((await served.body()).toString()).toBe(quote.buffer.toString());
    // On a phone the card's name is read whole (it was cut to "invoice.p…" beside Download).
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const name = card.locator(".document-name");
      expect(await name.evaluate((e) => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight)).toBe(true);
      expect(await name.textContent()).toBe("invoice.pdf");
    } finally {
      await page.setViewportSize(viewport);
    }
    await expect
      .poll(async () => {
        await page.getByRole("button", { name: "Open leak.png" }).click();
        return page.getByRole("dialog", { name: "leak.png" }).count();
      })
      .toBe(1);
    await page.getByRole("button", { name: "Close" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
  });

  it("sends a PDF and a photo with a caption; the phone shows both", async () => {
    await page.goto(`${web.url}/inbox/${conversationId}`);
    await page.getByTestId("attach-input").setInputFiles([quote, photo]);
    await page.getByText("roof.png").waitFor();
    await page.getByLabel("Caption").fill("Your quote and the roof");
    const send = page.getByRole("button", { name: "Send 2 files" });
    await expect.poll(() => send.isEnabled()).toBe(true);
    await send.click();
    await page.locator(".attachments-list").waitFor({ state: "detached" });

    const phone = await browser.newPage();
    await phone.goto(sim.url);
    await phone.fill("#customer-number", customer.replace("whatsapp:", ""));
    await phone.locator("img[alt='roof.png']").waitFor({ timeout: 30_000 });
    await phone.getByText("📄 quote.pdf").waitFor();
    await phone.getByText("Your quote and the roof").waitFor();
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-media.png` });
    const [sent] = sim.sentMessages().filter((message) => message.to === customer);
    expect(sent?.mediaUrls).toHaveLength(2);
    expect(sent?.media.map((m) => m.contentType).sort()).toEqual(["application/pdf", "image/png"]);
    await phone.close();
  });
});
