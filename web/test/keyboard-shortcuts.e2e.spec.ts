import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./support/axe.ts";
import { CspGuard } from "./support/csp.ts";
import { untilHydrated } from "./support/phone.ts";
import { type SeededInbox, seededInbox } from "./support/seeded-inbox.ts";
import type { RunningWeb } from "./support/start-web.ts";

// The inbox's keyboard shortcuts as a user presses them (issue 15): j/k move the focus through the
// list, Enter opens, r goes to the reply box (where j is just a letter), / to the search, e
// archives (the focused row's conversation, else the open one), u marks unread (the focused row's,
// in place, else the open one, back to its list), ? lists them. No projector runs:
// an archive's event is read back from the stream and folded (foldAppended).

let t: SeededInbox;
let web: RunningWeb;
let page: Page;
let account: SeededInbox["account"];
let f: SeededInbox["f"];
let projectUntil: SeededInbox["projectUntil"];
const csp = new CspGuard();

beforeAll(async () => {
  const now = Date.now();
  t = await seededInbox({
    seed: (f) => {
      const recent = (n: number) => {
        const at = new Date(now - (4 - n) * 60_000).toISOString();
        return { ...f.inbound(n, n, n), occurredAt: at, receivedAt: at };
      };
      return [f.connected(0), recent(1), recent(2), recent(3)];
    },
  });
  ({ web, page, account, f, projectUntil } = t);
  await csp.watch(page.context());
}, 300_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await t?.close();
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
    expect(await help.locator("dt").allTextContents()).toEqual(["j", "k", "Enter", "e", "u", "/", "r", "?"]);
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });
  }, 120_000);

  it("u marks unread: the open conversation, then back to its list; a focused row's, staying where it is", async () => {
    // The open one (read by opening it) goes back to the list it was opened from, as Mark unread does.
    const customer3 = f.conversationOf(3);
    await page.goto(`${web.url}/inbox/${customer3}?q=Customer`);
    await untilHydrated(page);
    await projectUntil("ConversationRead", customer3);
    await page.getByRole("heading", { name: "Customer 3" }).click();
    await page.keyboard.press("u");
    await page.waitForURL(`${web.url}/inbox?q=Customer`);
    expect(await projectUntil("ConversationMarkedUnread", customer3)).toMatchObject({ by: account.userId });

    // A focused row's (Customer 2, read and archived above): marked where the list is, nothing opened or left.
    const archived = `${web.url}/inbox?view=archived`;
    await page.goto(archived);
    await untilHydrated(page);
    expect(await names()).toEqual(["Customer 2", "Customer 1"]);
    await page.keyboard.press("j");
    expect((await focused()).name).toBe("Customer 2");
    await page.keyboard.press("u");
    expect(await projectUntil("ConversationMarkedUnread", f.conversationOf(2))).toMatchObject({ by: account.userId });
    await page.getByRole("status").filter({ hasText: "Marked Customer 2 unread." }).waitFor({ state: "attached" });
    expect(page.url()).toBe(archived);
  }, 120_000);
});
