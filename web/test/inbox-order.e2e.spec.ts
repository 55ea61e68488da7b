import { eventFactory } from "@cloudpa/read-model/testing";
import type { TestKeys, TestNats } from "@cloudpa/testkit";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { appendProjected } from "#app/admin/testing/append-projected.ts";
import { launchChromium } from "./support/browser.ts";
import { type BuiltWebTest, builtWebTest } from "./support/built-web-test.ts";
import { CspGuard } from "./support/csp.ts";
import { foldAppended } from "./support/fold-appended.ts";
import type { RunningWeb } from "./support/start-web.ts";

// Archive, snooze and pin as a user does them in the conversation header (issue 15). No projector
// runs here: what the clicks append is read back from the stream (web-signed, checked with the
// keyring) and folded into the read model by the projector's own fold (foldAppended), then the page is reloaded.

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
  await appendProjected(nats, keys, db, [f.inbound(1, 1, 10), f.inbound(2, 2, 20), f.inbound(3, 3, 30)]);
  projectUntil = foldAppended(nats, keys, db, (await nats.jsm.streams.info(nats.names.eventsStream)).state.last_seq);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: await createSession(db, account), url: web.url }]);
  await csp.watch(context);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 300_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

const names = async () =>
  (await page.getByRole("list", { name: "Conversations" }).locator(".conversation-name").allTextContents()).map(
    (name) => name.replace("Pinned: ", "").replace("📌", "").trim(),
  );

describe("keeping the inbox in order in a browser", () => {
  it("pins a conversation to the top, archives one out of the inbox into Archived, and snoozes one", async () => {
    await page.goto(`${web.url}/inbox`);
    expect(await names()).toEqual(["Customer 3", "Customer 2", "Customer 1"]);

    // Pin: the oldest goes first, with the marker.
    await page.goto(`${web.url}/inbox/${f.conversationOf(1)}`);
    await page.getByRole("button", { name: "Pin", exact: true }).click();
    expect(await projectUntil("ConversationPinned")).toMatchObject({ by: account.userId });
    await page.reload();
    expect(await names()).toEqual(["Customer 1", "Customer 3", "Customer 2"]);
    await page.getByRole("list", { name: "Conversations" }).getByText("Pinned:").waitFor();
    await page.getByRole("button", { name: "Unpin" }).waitFor();

    // Archive: out of the inbox, listed under Archived, and Unarchive is offered there.
    await page.goto(`${web.url}/inbox/${f.conversationOf(2)}`);
    await page.getByRole("button", { name: "Archive", exact: true }).click();
    expect(await projectUntil("ConversationArchived")).toMatchObject({ conversationId: f.conversationOf(2) });
    await page.goto(`${web.url}/inbox`);
    expect(await names()).toEqual(["Customer 1", "Customer 3"]);
    await page.getByRole("link", { name: "Archived" }).click();
    await page.waitForURL(/view=archived/);
    // The address turns before the router renders the archived list: wait for the list shown.
    await expect.poll(names).toEqual(["Customer 2"]);
    await page.goto(`${web.url}/inbox/${f.conversationOf(2)}?view=archived`);
    await page.getByRole("button", { name: "Unarchive" }).waitFor();

    // Snooze until tomorrow 9:00: hidden from the inbox until then.
    await page.goto(`${web.url}/inbox/${f.conversationOf(3)}`);
    // Snooze's choices are the browser's own time (scripts): once the page has hydrated, which it
    // shows by reading the unread conversation, the button opens them.
    await projectUntil("ConversationRead", f.conversationOf(3));
    await page.getByRole("button", { name: "Snooze", exact: true }).click();
    await page.getByRole("button", { name: "Tomorrow 9:00" }).click();
    const snoozed = await projectUntil("ConversationSnoozed");
    expect(snoozed).toMatchObject({ conversationId: f.conversationOf(3) });
    expect(Date.parse((snoozed as { until: string }).until)).toBeGreaterThan(Date.now());
    await page.goto(`${web.url}/inbox`);
    expect(await names()).toEqual(["Customer 1"]);
  }, 120_000);
});
