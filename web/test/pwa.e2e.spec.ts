// The installable app (issue 15), in Chromium at a phone's size: the root document links a web
// app manifest Chromium reads without an error, its icons are the PNGs it names, the service
// worker (web/public/sw.js) registers under the page's CSP, and a page asked for without a
// network is answered with the offline page, while nothing drawn for the signed-in user is kept.

import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { launchChromium, SCREENSHOTS_DIR } from "#test/support/browser.ts";
import { signedInPage } from "#test/support/browser-user.ts";
import { type BuiltWebTest, builtWebTest } from "#test/support/built-web-test.ts";
import { CspGuard } from "#test/support/csp.ts";
import { PHONE } from "#test/support/phone.ts";
import { seedConversation } from "#test/support/read-model-seed.ts";
import { markPage, untilNewDocument } from "#test/support/same-document.ts";
import type { RunningWeb } from "#test/support/start-web.ts";

let t: BuiltWebTest;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
const csp = new CspGuard();
const conversationId = randomUUID();

beforeAll(async () => {
  t = await builtWebTest();
  ({ web, db } = t);
  const account = await createAccount(db, {
    email: "pwa@example.com",
    password: "a calm inbox 2026",
    businessName: "Installed",
  });
  await seedConversation(db, {
    orgId: account.orgId,
    channelId: randomUUID(),
    channelNumber: "whatsapp:+14155238886",
    conversationId,
    customer: "whatsapp:+447700900123",
    name: "Grace Hopper",
    lastInboundAt: new Date(),
    messages: [{ id: randomUUID(), direction: "inbound", body: "Is the quote ready?", sentAt: new Date() }],
  });
  browser = await launchChromium();
  page = await signedInPage(browser, db, web.url, account, PHONE, { isMobile: true, hasTouch: true });
  await csp.watch(page.context());
}, 240_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer) {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

describe("the installable app", () => {
  it("links a web app manifest that Chromium reads without an error, with the icons it names", async () => {
    await page.goto(`${web.url}/inbox`);
    const href = await page.locator("link[rel=manifest]").getAttribute("href");
    expect(href).toBe("/manifest.webmanifest");
    // The manifest's colour is the document's own; the other is for a device set to dark alone.
    const themeColor = await page.locator("meta[name=theme-color]:not([media])").getAttribute("content");

    const served = await page.request.get(`${web.url}${href}`);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("application/manifest+json");
    // The same for everyone: no session read, none set.
    expect(served.headers()["set-cookie"]).toBeUndefined();
    const manifest = (await served.json()) as {
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({
      name: expect.stringContaining("Cloud PA"),
      short_name: "Cloud PA",
      start_url: "/inbox",
      display: "standalone",
      theme_color: themeColor,
    });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
      "192x192 any",
      "192x192 maskable",
      "512x512 any",
      "512x512 maskable",
    ]);
    for (const icon of manifest.icons) {
      const file = await page.request.get(`${web.url}${icon.src}`);
      expect(file.status(), icon.src).toBe(200);
      expect(file.headers()["content-type"]).toBe("image/png");
      expect(pngSize(await file.body()), icon.src).toBe(icon.sizes);
    }
    const appleTouch = await page.locator("link[rel=apple-touch-icon]").getAttribute("href");
    expect(pngSize(await (await page.request.get(`${web.url}${appleTouch}`)).body())).toBe("180x180");

    // Chromium's own reading of the manifest the page links.
    const cdp = await page.context().newCDPSession(page);
    const read = await cdp.send("Page.getAppManifest");
    expect(read.url).toBe(`${web.url}/manifest.webmanifest`);
    expect(read.errors).toEqual([]);
    await cdp.detach();
  });

  it("registers the service worker at /sw.js for the whole site, under the page's CSP", async () => {
    await page.goto(`${web.url}/inbox`);
    const registration = await page.evaluate(async () => {
      const ready = await navigator.serviceWorker.ready;
      return { scope: ready.scope, script: ready.active?.scriptURL };
    });
    expect(registration).toEqual({ scope: `${web.url}/`, script: `${web.url}/sw.js` });
    const script = await page.request.get(`${web.url}/sw.js`);
    expect(script.headers()["content-type"]).toMatch(/^(application|text)\/javascript/);
  });

  it("answers a page asked for offline with the offline page, and keeps nothing drawn for the user", async () => {
    await page.goto(`${web.url}/inbox/${conversationId}`);
    await page.getByRole("log", { name: "Messages" }).getByText("Is the quote ready?").waitFor();
    // The worker controls the page once it has activated (it claims the pages already open).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) return;
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }),
      );
    });
    // Loaded again through the worker, which keeps the build's assets as they pass.
    await page.reload();
    await page.getByRole("log", { name: "Messages" }).getByText("Is the quote ready?").waitFor();

    await page.context().setOffline(true);
    await page.goto(`${web.url}/inbox/${conversationId}`);
    await page.getByRole("heading", { name: "You are offline" }).waitFor();
    expect(await page.title()).toBe("Offline · Cloud PA");
    expect(await page.locator("body").textContent()).not.toContain("Grace Hopper");
    // Its stylesheet and script came from the worker's cache too.
    const retry = page.getByRole("button", { name: "Try again" });
    expect(await retry.evaluate((button) => getComputedStyle(button).minHeight)).toBe("44px");
    await page.screenshot({ path: `${SCREENSHOTS_DIR}phone-offline.png` });

    // What the worker kept: the offline page's files and the build's assets, never a page, data or the API.
    const kept = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    const shell = ["/offline.html", "/offline.css", "/offline.js", "/icons/icon-192.png"];
    expect(kept).toEqual(expect.arrayContaining(shell));
    expect(kept.some((path) => path.startsWith("/assets/"))).toBe(true);
    for (const path of kept) expect(shell.includes(path) || /^\/assets\/[^/]+$/.test(path), path).toBe(true);

    // Try again asks for the page again: still offline, the offline page again (a new document).
    await markPage(page);
    await retry.tap();
    await untilNewDocument(page);
    await page.getByRole("heading", { name: "You are offline" }).waitFor();
    // Back online, the page asks again by itself. (Playwright turns the page online before the
    // worker, so that first try may still meet an offline worker; once both are, it opens.)
    await markPage(page);
    await page.context().setOffline(false);
    await untilNewDocument(page);
    await page.reload();
    await page.getByRole("log", { name: "Messages" }).getByText("Is the quote ready?").waitFor();
    expect(page.url()).toBe(`${web.url}/inbox/${conversationId}`);
  });
});
