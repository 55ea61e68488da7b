import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChannelRecord, channelIdFor, channelKeyOf, sealSecret } from "@cloudpa/contracts";
import { type TestDatabase, type TestNats, testDatabase, testKeys, testNats, waitFor } from "@cloudpa/testkit";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { parseWebEnv } from "#app/web-context.server.ts";
import { launchChromium, SCREENSHOTS_DIR } from "./support/browser.ts";
import { CspGuard } from "./support/csp.ts";
import { untilHydrated } from "./support/phone.ts";
import { migrateAll, seedConversation } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { webTestEnv } from "./support/web-env.ts";

const email = "lin@example.com";
const password = "quiet lantern orbit 58";
const androidChrome =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

/** A 1×1 PNG, what the stand-in for Twilio's Media resource answers. */
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const accountSid = "AC0123456789abcdef0123456789abcdef";
const authToken = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

let database: TestDatabase;
let twilio: Server;
let twilioUrl: string;
let account: Account;
let credentialsKey: Buffer;
let nats: TestNats;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let laptop: BrowserContext;
let phone: BrowserContext;
const csp = new CspGuard();

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  await migrateAll(database.url);
  twilio = createServer((_request, response) => response.writeHead(200, { "content-type": "image/png" }).end(PIXEL));
  await new Promise<void>((resolve) => twilio.listen(0, "127.0.0.1", resolve));
  twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  const env = webTestEnv({
    databaseUrl: database.url,
    natsUrl: nats.url,
    namespace: nats.names.namespace,
    keys: testKeys(),
    extra: { TWILIO_API_BASE_URL: twilioUrl },
  });
  credentialsKey = parseWebEnv(env).CREDENTIALS_KEY;
  web = await startBuiltWeb(env);
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  account = await createAccount(db, { email, password, businessName: "Lin Studio" });
  browser = await launchChromium();
  laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: androidChrome });
  for (const context of [laptop, phone]) {
    context.setDefaultTimeout(10_000);
    await csp.watch(context);
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await db?.end();
  await new Promise((resolve) => twilio?.close(resolve));
  await nats?.cleanup();
  await database?.drop();
});

// Any Content-Security-Policy violation in these pages fails the test it happened in.
afterEach(() => csp.assertNone());

async function logIn(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${web.url}/login`);
  // A browser still logged in from the test before is sent on to the inbox.
  if (new URL(page.url()).pathname === "/inbox") return page;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await page.waitForURL(/\/inbox$/);
  return page;
}

function sessionRows(page: Page) {
  return page.getByRole("list", { name: "Sessions" }).getByRole("listitem");
}

describe("the pages under a strict Content-Security-Policy", () => {
  it("reports a Content-Security-Policy violation: an inline script without the nonce is refused", async () => {
    const page = await laptop.newPage();
    await page.goto(`${web.url}/login`);
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
    });
    await waitFor(() => csp.violations.some((v) => v.via === "securitypolicyviolation"), {
      what: "the securitypolicyviolation event",
    });
    await waitFor(() => csp.violations.some((v) => v.via === "console"), {
      what: "Chromium's console message",
    });
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(csp.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ via: "securitypolicyviolation", detail: expect.stringContaining("script-src") }),
      ]),
    );
    // What fails every browser test after it (afterEach), then it starts clean again.
    expect(() => csp.assertNone()).toThrow(/Content-Security-Policy violation/);
    expect(() => csp.assertNone()).not.toThrow();
    await page.close();
  });

  it("load the sign-up, log-in, inbox and every settings page without a violation", async () => {
    const page = await laptop.newPage();
    await page.goto(`${web.url}/signup`);
    await page.getByRole("button", { name: "Create account" }).waitFor();
    await logIn(laptop);
    await page.getByRole("heading", { name: "No conversations yet" }).waitFor();
    for (const [path, heading] of [
      ["/settings/channels", "Connect a Twilio WhatsApp number"],
      ["/settings/tokens", "Personal API tokens"],
      ["/settings/sessions", "Where you are logged in"],
      ["/settings/notifications", "In an open tab"],
    ] as const) {
      await page.goto(`${web.url}${path}`);
      await page.getByRole("heading", { name: heading }).waitFor();
      // Hydrated: the client-side navigation works too.
      await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Sessions" }).click();
      await page.waitForURL(/\/settings\/sessions$/);
    }
  });

  it("shows a conversation's image through the media proxy", async () => {
    const number = "whatsapp:+14155550177";
    const channelId = channelIdFor(account.orgId, number);
    const record: ChannelRecord = {
      channelId,
      orgId: account.orgId,
      provider: "twilio_whatsapp",
      externalPhoneId: number,
      accountSid,
      authTokenSealed: sealSecret(authToken, credentialsKey, channelId),
      isActive: true,
      updatedAt: new Date().toISOString(),
    };
    await nats.kv.put(channelKeyOf(number), JSON.stringify(record));
    const conversationId = randomUUID();
    await seedConversation(db, {
      orgId: account.orgId,
      channelId,
      channelNumber: number,
      conversationId,
      customer: "whatsapp:+447700900555",
      name: "Photo sender",
      lastInboundAt: new Date(),
      messages: [
        {
          id: randomUUID(),
          direction: "inbound",
          body: "The wall before",
          sentAt: new Date(),
          media: [
            {
              url: `${twilioUrl}/2010-04-01/Accounts/${accountSid}/Messages/MM${"1".repeat(32)}/Media/ME${"1".repeat(32)}`,
              contentType: "image/png",
            },
          ],
        },
      ],
    });
    const page = laptop.pages()[0]!;
    await page.goto(`${web.url}/inbox/${conversationId}`);
    const image = page.getByRole("img", { name: "Attachment 1" });
    await image.scrollIntoViewIfNeeded();
    await waitFor(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1), {
      what: "the proxied image to load",
    });
  });
});

describe("the API tokens page", () => {
  it("shows a new token once, lists it, and empties its form for the next; a refused one keeps what was typed", async () => {
    const page = await logIn(laptop);
    await page.goto(`${web.url}/settings/tokens`);
    await untilHydrated(page);
    const name = page.getByLabel("Token name");
    await name.fill("Zapier");
    await page.getByLabel("May").selectOption({ label: "read the inbox and send replies" });
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByRole("status").filter({ hasText: "Copy your new token now" });
    await shown.waitFor();
    expect(await shown.locator("code.token").textContent()).toMatch(/\S{20,}/);
    await page.locator(".channel-list").getByText("Zapier", { exact: true }).waitFor();
    expect(await name.inputValue()).toBe("");
    expect(await page.getByLabel("May").inputValue()).toBe("read");

    // Refused (a name too long): the alert says why, and the name typed stays to be corrected.
    const tooLong = "x".repeat(200);
    await name.evaluate((input: HTMLInputElement) => input.removeAttribute("maxlength"));
    await name.fill(tooLong);
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByRole("alert").waitFor();
    expect(await name.inputValue()).toBe(tooLong);
  });
});

describe("the sessions page", () => {
  it("lists both browsers; one logs the other out and the other is sent to log in", async () => {
    const onLaptop = await logIn(laptop);
    const onPhone = await logIn(phone);

    await onLaptop.goto(`${web.url}/settings/sessions`);
    const rows = sessionRows(onLaptop);
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain("This device");
    expect(await rows.first().textContent()).toContain("Headless Chrome on Linux");
    const phoneRow = rows.filter({ hasText: "Chrome on Android" });
    expect(await phoneRow.textContent()).toMatch(/Last seen \d\d:\d\d/);
    expect(await phoneRow.textContent()).not.toContain("This device");
    await onLaptop.screenshot({ path: `${SCREENSHOTS_DIR}settings-sessions.png` });

    await phoneRow.getByRole("button", { name: "Log out" }).click();
    await onLaptop.getByRole("status").filter({ hasText: "That session is logged out." }).waitFor();
    await waitFor(async () => (await rows.count()) === 1, { what: "the list without the phone" });
    expect(await rows.first().textContent()).toContain("This device");

    await onPhone.goto(`${web.url}/settings/sessions`);
    await onPhone.waitForURL(/\/login\?redirectTo=%2Fsettings%2Fsessions/);
    await onPhone.getByRole("button", { name: "Log in", exact: true }).waitFor();
    // The laptop stays logged in.
    await onLaptop.reload();
    expect(await sessionRows(onLaptop).count()).toBe(1);
  });

  it("tells of a session that ended meanwhile as a refusal, not as done", async () => {
    const onPhone = await logIn(phone);
    const onLaptop = laptop.pages()[0]!;
    await onLaptop.goto(`${web.url}/settings/sessions`);
    const phoneRow = sessionRows(onLaptop).filter({ hasText: "Chrome on Android" });
    await phoneRow.waitFor();
    // The phone logs itself out while the laptop's list still shows it.
    await onPhone.getByRole("button", { name: "Log out", exact: true }).click();
    await onPhone.waitForURL(/\/login/);
    await phoneRow.getByRole("button", { name: "Log out" }).click();
    // It was a green notice, as a session logged out is.
    await onLaptop.getByRole("alert").filter({ hasText: "That session has already ended." }).waitFor();
    expect(await onLaptop.getByRole("status").filter({ hasText: "already ended" }).count()).toBe(0);
    await waitFor(async () => (await sessionRows(onLaptop).count()) === 1, { what: "the list without the phone" });
  });

  it("logs out everywhere else, then everywhere", async () => {
    const onPhone = await logIn(phone);
    const onLaptop = laptop.pages()[0]!;
    await onLaptop.goto(`${web.url}/settings/sessions`);
    await sessionRows(onLaptop).nth(1).waitFor();
    await onLaptop.getByRole("button", { name: "Log out everywhere else" }).click();
    await onLaptop.getByRole("status").filter({ hasText: "1 other session is logged out." }).waitFor();
    await onPhone.goto(`${web.url}/inbox`);
    await onPhone.waitForURL(/\/login/);

    await onLaptop.getByRole("button", { name: "Log out everywhere", exact: true }).click();
    await onLaptop.waitForURL(/\/login$/);
    await onLaptop.goto(`${web.url}/inbox`);
    await onLaptop.waitForURL(/\/login\?redirectTo=%2Finbox/);
    const { rows } = await db.query("SELECT 1 FROM app.sessions");
    expect(rows).toEqual([]);
  });
});
