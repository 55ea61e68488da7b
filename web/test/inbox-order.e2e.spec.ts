import { appendSigned } from "@cloudpa/kit";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CspGuard } from "./support/csp.ts";
import { untilHydrated } from "./support/phone.ts";
import { type SeededInbox, seededInbox } from "./support/seeded-inbox.ts";
import type { RunningWeb } from "./support/start-web.ts";

// Archive, snooze and pin as a user does them in the conversation header (issue 15). No projector
// runs here: what the clicks append is read back from the stream (web-signed, checked with the
// keyring) and folded into the read model by the projector's own fold (foldAppended), then the page is reloaded.

let t: SeededInbox;
let web: RunningWeb;
let page: Page;
let account: SeededInbox["account"];
let f: SeededInbox["f"];
let projectUntil: SeededInbox["projectUntil"];
const csp = new CspGuard();

beforeAll(async () => {
  t = await seededInbox({ seed: (f) => [f.inbound(1, 1, 10), f.inbound(2, 2, 20), f.inbound(3, 3, 30)] });
  ({ web, page, account, f, projectUntil } = t);
  await csp.watch(page.context());
}, 300_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await t?.close();
});

const names = async () =>
  (await page.getByRole("list", { name: "Conversations" }).locator(".conversation-name").allTextContents()).map(
    (name) => name.replace("Pinned: ", "").trim(),
  );

describe("keeping the inbox in order in a browser", () => {
  it("marks a read conversation unread from its header: back on the list it came from, unread again until opened", async () => {
    const customer1 = f.conversationOf(1);
    const row = () => page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: /Customer 1/ });
    // Opened, it is read: the unread list has the other two only.
    await page.goto(`${web.url}/inbox/${customer1}?filter=unread`);
    await projectUntil("ConversationRead", customer1);
    await page.reload();
    expect(await names()).toEqual(["Customer 3", "Customer 2"]);

    await page.getByRole("button", { name: "Mark unread" }).click();
    // The list it was opened from, no conversation open (left open, it would be read again).
    await page.waitForURL(`${web.url}/inbox?filter=unread`);
    expect(await projectUntil("ConversationMarkedUnread")).toMatchObject({
      conversationId: customer1,
      by: account.userId,
    });
    await page.reload();
    expect(await names()).toEqual(["Customer 3", "Customer 2", "Customer 1"]);
    // WhatsApp's dot, not a count: no message of it is unread ("1 unread" was said before).
    expect(await row().getByText("Marked unread", { exact: true }).count()).toBe(1);
    expect(await row().getByText("1 unread").count()).toBe(0);
    const dot = await row().locator(".badge").boundingBox();
    expect(Math.max(dot?.width ?? 0, dot?.height ?? 0)).toBeLessThan(16);

    // Opening it reads it again, with no "Unread messages" line above a message read before.
    await row().click();
    await page.getByRole("log", { name: "Messages" }).getByText("message 1", { exact: true }).waitFor();
    expect(await page.getByText("Unread messages").count()).toBe(0);
    await projectUntil("ConversationRead", customer1);
    await page.goto(`${web.url}/inbox`);
    expect(await row().getByText("Marked unread", { exact: true }).count()).toBe(0);
    expect(await row().locator(".badge").count()).toBe(0);
  }, 120_000);

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

  it("mutes a conversation for 8 hours: Muted on its row and in its header until Unmute", async () => {
    const customer1 = f.conversationOf(1);
    const row = page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: /Customer 1/ });
    const header = page.locator(".conversation-head");
    await page.goto(`${web.url}/inbox/${customer1}`);
    await untilHydrated(page);
    // Mute offers WhatsApp's choices; 8 hours gives the mute its end.
    await header.getByRole("button", { name: "Mute", exact: true }).click();
    const choices = page.getByRole("group", { name: "Mute notifications for" });
    expect(await choices.getByRole("button").allTextContents()).toEqual(["8 hours", "1 week", "Always"]);
    const asked = Date.now();
    await choices.getByRole("button", { name: "8 hours" }).click();
    const muted = (await projectUntil("ConversationMuted")) as { until?: string };
    expect(muted).toMatchObject({ conversationId: customer1, by: account.userId });
    expect(Date.parse(muted.until ?? "") - asked).toBeGreaterThan(8 * 3_600_000 - 60_000);
    expect(Date.parse(muted.until ?? "") - asked).toBeLessThan(8 * 3_600_000 + 60_000);
    await page.reload();
    await row.getByText("Muted", { exact: true }).waitFor({ state: "attached" });
    expect(await row.getByTitle("Muted").isVisible()).toBe(true);
    // The header says so, with its end, where its actions fold away too (a status chip), and offers Unmute.
    expect(await header.locator(".status-chip").textContent()).toMatch(/^Muted until /);
    const unmute = header.getByRole("button", { name: "Unmute", exact: true });
    expect(await unmute.getAttribute("aria-pressed")).toBe("true");
    // On a phone the chip is words beside the window's pill, not a 44 px tap target (it was).
    const desk = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    const chip = await header.locator(".status-chip").boundingBox();
    expect(chip?.height ?? 0).toBeLessThan(32);
    if (desk) await page.setViewportSize(desk);

    await unmute.click();
    expect(await projectUntil("ConversationUnmuted")).toMatchObject({ conversationId: customer1 });
    await page.reload();
    await header.getByRole("button", { name: "Mute", exact: true }).waitFor();
    expect(await row.getByText("Muted", { exact: true }).count()).toBe(0);
    expect(await header.locator(".status-chip").count()).toBe(0);
  }, 120_000);

  it("leaves a conversation open in a tab nobody looks at unread, and reads it once the tab is seen", async () => {
    const customer4 = f.conversationOf(4);
    await appendSigned(t.nats.js, t.nats.names, f.inbound(4, 4, 40), t.keys.signing.ingress);
    await projectUntil("InboundMessageReceived", customer4);
    const unread = async () =>
      (await t.db.query("select unread_count from readmodel.conversation where id = $1", [customer4])).rows[0]
        ?.unread_count;
    expect(await unread()).toBe(1);
    // A tab in the background (the laptop's inbox behind another window), from its first script on.
    const tab = await page.context().newPage();
    await tab.addInitScript(() => {
      const state = () => ((window as { seen?: boolean }).seen ? "visible" : "hidden");
      Object.defineProperty(Document.prototype, "visibilityState", { get: state, configurable: true });
      Object.defineProperty(Document.prototype, "hidden", { get: () => state() === "hidden", configurable: true });
    });
    await tab.goto(`${web.url}/inbox/${customer4}`);
    await untilHydrated(tab);
    // Pin, appended after a read would have been, is folded with everything before it.
    await tab.getByRole("button", { name: "Pin", exact: true }).click();
    await projectUntil("ConversationPinned", customer4);
    expect(await unread()).toBe(1);

    // The freelancer comes back to the tab: now it is read.
    await tab.evaluate(() => {
      (window as { seen?: boolean }).seen = true;
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await projectUntil("ConversationRead", customer4);
    expect(await unread()).toBe(0);
    await tab.close();
  }, 120_000);
});
