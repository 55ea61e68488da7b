// A conversation's whole history (issue 15), in Chromium: a 1,000-message conversation scrolls
// back to its first message, page by page, the message in view staying where it was as each page
// is put above it; a conversation opens at its first unread message even when that is older than
// the latest page; a search lists its hits with the text marked, and a hit opens the history
// around it, scrolled to it; the same on a phone (390 × 844); and without JavaScript, "Older
// messages" is a link that works. No projector runs: the conversations are seeded as it would
// have written them.

import { randomUUID } from "node:crypto";
import { waitFor } from "@cloudpa/testkit";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { expectAccessible } from "#test/support/axe.ts";
import { launchChromium } from "#test/support/browser.ts";
import { signedInPage } from "#test/support/browser-user.ts";
import { type BuiltWebTest, builtWebTest } from "#test/support/built-web-test.ts";
import { CspGuard } from "#test/support/csp.ts";
import { fitsThePhoneWidth, PHONE, smallTapTargets, untilHydrated } from "#test/support/phone.ts";
import { seedConversation } from "#test/support/read-model-seed.ts";
import type { RunningWeb } from "#test/support/start-web.ts";

let t: BuiltWebTest;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
let account: Account;
const csp = new CspGuard();
const channelId = randomUUID();
const channelNumber = "whatsapp:+14155238886";

/** 1,000 messages, one a minute, read; message 17 mentions "the blue invoice". */
const long = randomUUID();
const longIds: string[] = Array.from({ length: 1000 }, () => randomUUID());
const HIT = 17;
/** 400 messages, the last 150 customer messages unread: the first unread is message 100, older than the latest page. */
const unread = randomUUID();
const unreadIds: string[] = Array.from({ length: 400 }, () => randomUUID());
const FIRST_UNREAD = 100;

const bodyOf = (i: number) => (i === HIT ? `Message ${i}: here is the Blue Invoice for March` : `Message ${i}`);

beforeAll(async () => {
  t = await builtWebTest({}, { poolSize: 4 });
  ({ web, db } = t);
  account = await createAccount(db, {
    email: "history@example.com",
    password: "a calm inbox 2026",
    businessName: "Archive",
  });
  const start = Date.now() - 2000 * 60_000;
  await seedConversation(db, {
    orgId: account.orgId,
    channelId,
    channelNumber,
    conversationId: long,
    customer: "whatsapp:+447700900201",
    name: "Ada Long",
    lastInboundAt: new Date(start + 999 * 60_000),
    messages: longIds.map((id, i) => ({
      id,
      direction: i % 2 === 0 ? "inbound" : "outbound",
      body: bodyOf(i),
      sentAt: new Date(start + i * 60_000),
    })),
  });
  await seedConversation(db, {
    orgId: account.orgId,
    channelId,
    channelNumber,
    conversationId: unread,
    customer: "whatsapp:+447700900202",
    name: "Una Read",
    lastInboundAt: new Date(start + 399 * 60_000),
    unread: 150,
    messages: unreadIds.map((id, i) => ({
      id,
      direction: i % 2 === 0 ? "inbound" : "outbound",
      body: `Unread story ${i}`,
      sentAt: new Date(start + i * 60_000),
    })),
  });
  browser = await launchChromium();
  page = await signedInPage(browser, db, web.url, account, { width: 1280, height: 800 });
  page.setDefaultTimeout(15_000);
  await csp.watch(page.context());
}, 240_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

/** The messages shown, in order, by id. */
function shownIds(on: Page): Promise<string[]> {
  return on.evaluate(() =>
    [...document.querySelectorAll(".messages .bubble-row")].map((row) => row.id.replace(/^message-/, "")),
  );
}

/** Where a message is, relative to the scroll box's top, and whether it lies inside the box. */
function placeOf(on: Page, messageId: string) {
  return on.evaluate((id) => {
    const row = document.getElementById(`message-${id}`);
    const box = document.querySelector(".messages");
    if (!row || !box) return undefined;
    const rowBox = row.getBoundingClientRect();
    const boxBox = box.getBoundingClientRect();
    return {
      top: rowBox.top - boxBox.top,
      inView: rowBox.bottom > boxBox.top && rowBox.top < boxBox.bottom,
    };
  }, messageId);
}

/** The outline drawn around a message's bubble ("none" when it has none). */
function outlineOf(on: Page, messageId: string) {
  return on.locator(`#message-${messageId} .bubble`).evaluate((bubble) => getComputedStyle(bubble).outlineStyle);
}

describe("a conversation's whole history (issue 15)", () => {
  it("scrolls a 1,000-message history to its first message, the message in view kept in place as each page loads", async () => {
    await page.goto(`${web.url}/inbox/${long}`);
    await untilHydrated(page);
    await page.locator(`#message-${longIds[999]}`).waitFor();
    expect((await shownIds(page)).length).toBe(200);
    expect((await placeOf(page, longIds[999] as string))?.inView).toBe(true);

    let pages = 0;
    for (;;) {
      const before = await shownIds(page);
      if (before[0] === longIds[0]) break;
      // Scrolled to the top: the first message shown is the one the user sees.
      await page.locator(".messages").evaluate((box) => {
        box.scrollTop = 0;
      });
      const seen = before[0] as string;
      const seenAt = (await placeOf(page, seen))?.top ?? Number.NaN;
      await waitFor(async () => (await shownIds(page)).length > before.length, { what: "an older page" });
      const after = await shownIds(page);
      // Put above, in order, each message once; the message the user saw has not moved.
      expect(after.slice(after.length - before.length)).toEqual(before);
      expect(new Set(after).size).toBe(after.length);
      expect(Math.abs(((await placeOf(page, seen))?.top ?? Number.NaN) - seenAt)).toBeLessThanOrEqual(2);
      pages++;
      if (pages > 30) throw new Error("too many pages for 1,000 messages");
    }
    expect(pages).toBe(16);
    expect(await shownIds(page)).toEqual(longIds);
    await page.locator(".messages").evaluate((box) => {
      box.scrollTop = 0;
    });
    expect((await placeOf(page, longIds[0] as string))?.inView).toBe(true);
    await page.getByText("The conversation's first message.").waitFor();
    await expectAccessible(page, "conversation history (scrolled back to its first message)");
  }, 180_000);

  it("opens at the first unread message, older than the latest page, under an Unread divider", async () => {
    await page.goto(`${web.url}/inbox/${unread}`);
    await untilHydrated(page);
    const first = unreadIds[FIRST_UNREAD] as string;
    await page.locator(`#message-${first}`).waitFor();
    // The window starts a few messages before it, so older ones are a scroll away.
    const shown = await shownIds(page);
    const from = unreadIds.indexOf(shown[0] as string);
    expect(from).toBeLessThanOrEqual(FIRST_UNREAD - 5);
    expect(shown).toEqual(unreadIds.slice(from, from + shown.length));
    expect(shown).toContain(first);
    expect(shown).not.toContain(unreadIds[399]);
    // The address is pinned at it (a redirect), so reading the conversation does not move the window.
    expect(page.url()).toContain(`at=${first}`);
    expect((await placeOf(page, first))?.inView).toBe(true);
    const divider = page.locator(".unread-divider");
    expect(await divider.textContent()).toBe("Unread messages");
    expect(await divider.evaluate((element) => element.nextElementSibling?.id)).toBe(`message-${first}`);
    // The divider marks it; it is not outlined as a message jumped to is (that read as an error on a phone).
    expect(await outlineOf(page, first)).toBe("none");
    await expectAccessible(page, "conversation history (opened at the first unread)");
    // Reading it reloads the page's data, and no page is put in twice.
    const settled = await shownIds(page);
    expect(new Set(settled).size).toBe(settled.length);
    // The latest messages are one link away.
    await page.getByRole("link", { name: "Jump to the latest" }).click();
    await page.locator(`#message-${unreadIds[399]}`).waitFor();
  }, 60_000);

  it("searches the conversation, marks the hits, and jumps to one: the history around it, scrolled to it", async () => {
    await page.goto(`${web.url}/inbox/${long}`);
    await untilHydrated(page);
    await page.getByRole("searchbox", { name: "Search this conversation" }).fill("blue invoice");
    await page.getByRole("searchbox", { name: "Search this conversation" }).press("Enter");
    const results = page.getByRole("region", { name: "Search results" });
    await results.locator(".history-hit").first().waitFor();
    expect(await results.locator(".history-hit").count()).toBe(1);
    expect(await results.locator("mark").allTextContents()).toEqual(["Blue Invoice"]);
    expect(await results.locator("p").first().textContent()).toMatch(/^1 message contains “blue invoice”\. /);
    await expectAccessible(page, "conversation history (search hits marked)");
    await results.locator(".history-hit").click();
    const hit = longIds[HIT] as string;
    await page.waitForURL(new RegExp(`at=${hit}`));
    await waitFor(async () => (await placeOf(page, hit))?.inView === true, { what: "the hit in view" });
    expect(await page.locator(`#message-${hit}`).getAttribute("class")).toContain("history-focus");
    expect(await outlineOf(page, hit)).toBe("solid");
    // Its page: a few messages before it, then on; the history goes on both ways from there.
    const shown = await shownIds(page);
    const from = longIds.indexOf(shown[0] as string);
    expect(from).toBeLessThanOrEqual(HIT - 5);
    expect(shown).toEqual(longIds.slice(from, from + shown.length));
    expect(await page.getByRole("link", { name: "Newer messages" }).count()).toBe(1);
    // The search stays in the address: the list of hits is still there.
    expect(await results.locator("mark").count()).toBe(1);
  }, 60_000);

  it("searches on a phone (390 × 844): the box, the hits and the jump, every tap target 44 px or more", async () => {
    const phone = await signedInPage(browser, db, web.url, account, PHONE, { isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(15_000);
    await csp.watch(phone.context());
    try {
      await phone.goto(`${web.url}/inbox/${long}`);
      await untilHydrated(phone);
      // On a phone the search is one of the header's actions behind More.
      await phone.getByRole("button", { name: "More", exact: true }).tap();
      const box = phone.getByRole("searchbox", { name: "Search this conversation" });
      await box.tap();
      // The on-screen keyboard takes the lower 336 px: the header's actions give way, not the box typed in.
      await phone.setViewportSize({ width: PHONE.width, height: PHONE.height - 336 });
      await expect.poll(() => phone.getByRole("button", { name: "Archive", exact: true }).isVisible()).toBe(false);
      expect(await box.isVisible()).toBe(true);
      await box.fill("invoice");
      await phone.getByRole("button", { name: "Find" }).tap();
      const results = phone.getByRole("region", { name: "Search results" });
      await results.locator(".history-hit").first().waitFor();
      expect(await results.locator("mark").allTextContents()).toEqual(["Invoice"]);
      await phone.setViewportSize(PHONE);
      expect(await smallTapTargets(phone)).toEqual([]);
      await results.locator(".history-hit").tap();
      const hit = longIds[HIT] as string;
      await phone.waitForURL(new RegExp(`at=${hit}`));
      await waitFor(async () => (await placeOf(phone, hit))?.inView === true, { what: "the hit in view" });
      expect(await fitsThePhoneWidth(phone)).toBe(true);
    } finally {
      await phone.context().close();
    }
  }, 60_000);

  it("pages back without JavaScript: Older messages is a link to the page before", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    try {
      await context.addCookies(await page.context().cookies());
      const plain = await context.newPage();
      plain.setDefaultTimeout(15_000);
      await plain.goto(`${web.url}/inbox/${long}`);
      expect((await shownIds(plain))[0]).toBe(longIds[800]);
      await plain.getByRole("link", { name: "Older messages" }).click();
      await plain.waitForURL(/before=/);
      expect(await shownIds(plain)).toEqual(longIds.slice(750, 800));
      await plain.getByRole("link", { name: "Newer messages" }).click();
      await plain.waitForURL(/after=/);
      expect((await shownIds(plain))[0]).toBe(longIds[800]);
      // The search is a plain form too.
      await plain.getByRole("searchbox", { name: "Search this conversation" }).fill("blue invoice");
      await plain.getByRole("button", { name: "Find" }).click();
      await plain.waitForURL(/find=blue\+invoice/);
      await plain.getByRole("region", { name: "Search results" }).locator(".history-hit").click();
      await plain.waitForURL(new RegExp(`at=${longIds[HIT]}#message-${longIds[HIT]}`));
      expect(await shownIds(plain)).toContain(longIds[HIT]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
