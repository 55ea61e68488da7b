import { eventFactory } from "@cloudpa/read-model/testing";
import type { TestKeys, TestNats } from "@cloudpa/testkit";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { appendProjected } from "#app/admin/testing/append-projected.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchChromium } from "./support/browser.ts";
import { signedInPage } from "./support/browser-user.ts";
import { type BuiltWebTest, builtWebTest } from "./support/built-web-test.ts";
import { CspGuard } from "./support/csp.ts";
import { foldAppended } from "./support/fold-appended.ts";
import { untilHydrated } from "./support/phone.ts";
import type { RunningWeb } from "./support/start-web.ts";

// The inbox's keyboard shortcuts as a user presses them (issue 15): j/k move the focus through the
// list, Enter opens, r goes to the reply box (where j is just a letter), / to the search, e
// archives (the focused row's conversation, else the open one), ? lists them. No projector runs:
// an archive's event is read back from the stream and folded (foldAppended).

let t: BuiltWebTest;
let nats: TestNats;
let keys: TestKeys;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
let account: Account;
let f: ReturnType<typeof eventFactory>;
let projectUntil: ReturnType<typeof foldAppended>;
const csp = new CspGuard();

beforeAll(async () => {
  t = await builtWebTest();
  ({ nats, keys, web, db } = t);
  account = await createAccount(db, { email: "ada@example.com", password: "a calm inbox 2026", businessName: "Ada" });
  f = eventFactory(account.orgId);
  const now = Date.now();
  const recent = (n: number) => {
    const at = new Date(now - (4 - n) * 60_000).toISOString();
    return { ...f.inbound(n, n, n), occurredAt: at, receivedAt: at };
  };
  await appendProjected(nats, keys, db, [f.connected(0), recent(1), recent(2), recent(3)]);
  projectUntil = foldAppended(nats, keys, db, (await nats.jsm.streams.info(nats.names.eventsStream)).state.last_seq);
  browser = await launchChromium();
  page = await signedInPage(browser, db, web.url, account, { width: 1280, height: 800 });
  await csp.watch(page.context());
}, 300_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

/** What has the focus: its tag, id and (for a list row) its conversation's name. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      id: el?.id ?? "",
      name: el?.querySelector(".conversation-name")?.textContent?.replace("Pinned: ", "").trim() ?? "",
    };
  });
const names = async () =>
  (await page.getByRole("list", { name: "Conversations" }).locator(".conversation-name").allTextContents()).map(
    (name) => name.trim(),
  );

describe("keyboard shortcuts in a browser", () => {
  it("j/k move, Enter opens, r replies, / searches, e archives, ? shows them; keys typed in a field stay text", async () => {
    await page.goto(`${web.url}/inbox`);
    await untilHydrated(page);
    expect(await names()).toEqual(["Customer 3", "Customer 2", "Customer 1"]);

    await page.keyboard.press("j");
    expect(await focused()).toMatchObject({ tag: "a", name: "Customer 3" });
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    expect((await focused()).name).toBe("Customer 1");
    await page.keyboard.press("k");
    expect((await focused()).name).toBe("Customer 2");
    // The focused row shows it: a visible outline.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe(
      "none",
    );

    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/inbox/${f.conversationOf(2)}`));
    await page.getByRole("heading", { name: "Customer 2" }).waitFor();

    // r: the reply box; letters typed there are text, not shortcuts.
    await page.keyboard.press("r");
    expect(await focused()).toMatchObject({ tag: "textarea", id: "reply-text" });
    await page.keyboard.type("jke/");
    expect(await page.getByRole("textbox", { name: "Your reply" }).inputValue()).toBe("jke/");
    expect(await focused()).toMatchObject({ id: "reply-text" });

    // / from outside a field: the search box, with no "/" typed into it.
    await page.getByRole("heading", { name: "Customer 2" }).click();
    await page.keyboard.press("/");
    expect(await focused()).toMatchObject({ tag: "input", id: "inbox-search" });
    expect(await page.locator("#inbox-search").inputValue()).toBe("");
    await page.keyboard.type("k");
    expect(await page.locator("#inbox-search").inputValue()).toBe("k");

    // e with no row focused: the open conversation is archived.
    await page.getByRole("heading", { name: "Customer 2" }).click();
    await page.keyboard.press("e");
    expect(await projectUntil("ConversationArchived", f.conversationOf(2))).toMatchObject({ by: account.userId });
    // e on a focused row: that row's conversation.
    await page.goto(`${web.url}/inbox`);
    await untilHydrated(page);
    expect(await names()).toEqual(["Customer 3", "Customer 1"]);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    expect((await focused()).name).toBe("Customer 1");
    await page.keyboard.press("e");
    expect(await projectUntil("ConversationArchived", f.conversationOf(1))).toMatchObject({ by: account.userId });
    await page.goto(`${web.url}/inbox`);
    expect(await names()).toEqual(["Customer 3"]);

    // ?: the list of shortcuts, in a dialog; Escape closes it.
    await untilHydrated(page);
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await help.waitFor();
    await expectAccessible(page, "keyboard shortcuts dialog");
    expect(await help.locator("dt").allTextContents()).toEqual(["j", "k", "Enter", "e", "/", "r", "?"]);
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });
  }, 120_000);
});
