// The inbox on a phone (issue 15), in Chromium at 390 × 844 with touch: the list and a
// conversation are separate views with a way back, a reply and a file go out from the phone, the
// search survives a visit to a result, the composer stays above the on-screen keyboard, and
// every tap target is at least 44 × 44. A desktop window still shows both side by side.
// No projector runs: the conversations are seeded as it would have written them.

import { randomUUID } from "node:crypto";
import { openCommand } from "@cloudpa/contracts";
import { type TestKeys, type TestNats, waitFor } from "@cloudpa/testkit";
import type pg from "pg";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { launchChromium, SCREENSHOTS_DIR } from "#test/support/browser.ts";
import { signedInPage } from "#test/support/browser-user.ts";
import { type BuiltWebTest, builtWebTest } from "#test/support/built-web-test.ts";
import { CspGuard } from "#test/support/csp.ts";
import {
  documentOverflow,
  fitsThePhoneWidth,
  MIN_TAP_TARGET,
  PHONE,
  smallTapTargets,
  untilHydrated,
} from "#test/support/phone.ts";
import { seedConversation, seedLabel, seedManyConversations, seedSavedReply } from "#test/support/read-model-seed.ts";
import type { RunningWeb } from "#test/support/start-web.ts";

let t: BuiltWebTest;
let nats: TestNats;
let keys: TestKeys;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let phone: Page;
let account: Account;
const csp = new CspGuard();
const grace = randomUUID();
const linus = randomUUID();
const channelId = randomUUID();
const channelNumber = "whatsapp:+14155238886";

const photo = {
  name: "kitchen.png",
  mimeType: "image/png",
  buffer: Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
    "base64",
  ),
};

beforeAll(async () => {
  t = await builtWebTest();
  ({ nats, keys, web, db } = t);
  account = await createAccount(db, {
    email: "phone@example.com",
    password: "a calm inbox 2026",
    businessName: "Pocket",
  });
  const now = Date.now();
  await seedConversation(db, {
    orgId: account.orgId,
    channelId,
    channelNumber,
    conversationId: linus,
    customer: "whatsapp:+447700900999",
    name: "Linus Old",
    lastInboundAt: new Date(now - 2 * 3600_000),
    messages: [
      // Longer than a phone's row: its preview is cut short, never wider than the screen.
      {
        id: randomUUID(),
        direction: "inbound",
        body: "Thanks for last time, the new boiler has run all week and the radiators upstairs are finally warm",
        sentAt: new Date(now - 2 * 3600_000),
      },
    ],
  });
  await seedConversation(db, {
    orgId: account.orgId,
    channelId,
    channelNumber,
    conversationId: grace,
    customer: "whatsapp:+447700900123",
    name: "Grace Hopper",
    lastInboundAt: new Date(now - 60_000),
    messages: [
      {
        id: randomUUID(),
        direction: "inbound",
        body: "The colour I mean: https://example.com/paints/sage?shade=2",
        sentAt: new Date(now - 180_000),
      },
      { id: randomUUID(), direction: "inbound", body: "Are you free on Friday?", sentAt: new Date(now - 120_000) },
      { id: randomUUID(), direction: "inbound", body: "For the kitchen repaint", sentAt: new Date(now - 60_000) },
    ],
  });
  // A conversation a template started with someone who never wrote: the projection names its
  // contact by the handle, as Twilio gave it.
  await seedConversation(db, {
    orgId: account.orgId,
    channelId,
    channelNumber,
    conversationId: randomUUID(),
    customer: "whatsapp:+447700900777",
    name: "whatsapp:+447700900777",
    lastInboundAt: new Date(now - 3 * 86_400_000),
    messages: [
      { id: randomUUID(), direction: "outbound", body: "Your quote is ready", sentAt: new Date(now - 3 * 3600_000) },
    ],
  });
  browser = await launchChromium();
  phone = await signedInPage(browser, db, web.url, account, PHONE, { isMobile: true, hasTouch: true });
  await csp.watch(phone.context());
}, 240_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

async function lastCommand() {
  const stored = await nats.jsm.streams
    .getMessage(nats.names.commandsStream, { last_by_subj: nats.names.sendReplySubject(account.orgId) })
    .catch(() => null);
  return stored ? openCommand(stored.data, (n) => stored.header.get(n), keys.keyring) : undefined;
}

const list = () => phone.getByRole("list", { name: "Conversations" });
const fitsTheWidth = () => fitsThePhoneWidth(phone);

/**
 * Labels parted from their field: one left at the end of a line above its field (Labels' "Colour"
 * wrapped so on a phone), one beside a field to type or choose in while the other fields' names
 * are above them (New conversation's "Template" squeezed its select to "Choose an approved tem"),
 * and checkboxes not all of one size (a box beside a two-line label shrank).
 */
async function labelsAstray(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shown = (element: Element) => element.checkVisibility({ visibilityProperty: true });
    const astray: string[] = [];
    for (const label of document.querySelectorAll<HTMLLabelElement>("main label[for]")) {
      const field = label.control;
      if (!field || !shown(label) || !shown(field) || label.classList.contains("visually-hidden")) continue;
      const [at, of] = [label.getBoundingClientRect(), field.getBoundingClientRect()];
      if (of.top >= at.bottom && of.left < at.left)
        astray.push(`label "${label.textContent}" above and right of its field`);
      const besideIt = at.right <= of.left && at.bottom > of.top && at.top < of.bottom;
      if (besideIt && !(field instanceof HTMLInputElement && ["checkbox", "radio"].includes(field.type)))
        astray.push(`label "${label.textContent}" beside its field`);
    }
    const boxes = [...document.querySelectorAll<HTMLInputElement>("main input[type=checkbox]")].filter(shown);
    const sizes = new Set(boxes.map((box) => Math.round(box.getBoundingClientRect().width)));
    if (sizes.size > 1) astray.push(`checkboxes of ${[...sizes].join(", ")} px`);
    return astray;
  });
}

/**
 * How many CSS px of a field's placeholder the field cuts off (0: shown whole): the text's width in
 * the field's font against the width of the box the browser draws the placeholder in, read from the
 * field's user-agent shadow tree (DevTools protocol), which holds what the page cannot see, such as a
 * search field's room kept for its clear button.
 */
async function placeholderCut(page: Page, id: string): Promise<number> {
  interface Node {
    nodeId: number;
    nodeName: string;
    attributes?: string[];
    children?: Node[];
    shadowRoots?: Node[];
  }
  const attribute = (node: Node, name: string) => {
    const at = node.attributes?.indexOf(name) ?? -1;
    return at >= 0 ? node.attributes?.[at + 1] : undefined;
  };
  const find = (node: Node, wanted: (node: Node) => boolean): Node | undefined =>
    wanted(node)
      ? node
      : [...(node.children ?? []), ...(node.shadowRoots ?? [])].map((child) => find(child, wanted)).find(Boolean);
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: Node };
    const field = find(root, (node) => node.nodeName === "INPUT" && attribute(node, "id") === id);
    const shown = field && find(field, (node) => attribute(node, "pseudo") === "-webkit-input-placeholder");
    if (!shown) return Number.POSITIVE_INFINITY;
    const { model } = await cdp.send("DOM.getBoxModel", { nodeId: shown.nodeId });
    const text = await page.locator(`#${id}`).evaluate((input: HTMLInputElement) => {
      const context = document.createElement("canvas").getContext("2d");
      if (!context) return Number.POSITIVE_INFINITY;
      context.font = getComputedStyle(input).font;
      return context.measureText(input.placeholder).width;
    });
    return Math.max(0, Math.ceil(text - model.width));
  } finally {
    await cdp.detach();
  }
}

/** The element's box lies inside the window (the part of the page the user sees). */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
  });
}

describe("the inbox on a phone", () => {
  it("reads a conversation: the list alone, then the conversation alone, then back to the list", async () => {
    await phone.goto(`${web.url}/inbox`);
    await list()
      .getByRole("link", { name: /Grace Hopper/ })
      .waitFor();
    expect(await phone.locator(".inbox-detail").isVisible()).toBe(false);
    expect(await fitsTheWidth()).toBe(true);
    // New conversation sits beside the heading, not on a row of its own above the search.
    const heading = await phone.getByRole("heading", { name: "Inbox" }).boundingBox();
    const start = await phone.getByRole("link", { name: "New conversation" }).boundingBox();
    expect(
      Math.abs((heading?.y ?? 0) + (heading?.height ?? 0) / 2 - ((start?.y ?? 0) + (start?.height ?? 0) / 2)),
    ).toBeLessThan(2);
    // A contact known only by its number shows the number, as a person writes it.
    expect(await list().locator(".conversation-name").allTextContents()).toContain("+447700900777");
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-inbox.png` });

    await list()
      .getByRole("link", { name: /Grace Hopper/ })
      .tap();
    await phone.waitForURL(new RegExp(`/inbox/${grace}$`));
    const messages = phone.getByRole("log", { name: "Messages" });
    await messages.getByText("For the kitchen repaint").waitFor();
    expect(await phone.getByRole("heading", { name: "Inbox" }).isVisible()).toBe(false);
    expect(await phone.getByRole("heading", { name: "Grace Hopper" }).isVisible()).toBe(true);
    expect(await fitsTheWidth()).toBe(true);
    // A link a customer sent can be tapped, and opens apart from the inbox.
    const link = messages.getByRole("link", { name: "https://example.com/paints/sage?shade=2" });
    expect(await link.getAttribute("href")).toBe("https://example.com/paints/sage?shade=2");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    // The messages keep most of the screen: the app's top bar waits in the list, the header's
    // actions and the contact's card behind More, and the composer is one row.
    await untilHydrated(phone);
    const archive = phone.getByRole("button", { name: "Archive", exact: true });
    expect(await archive.isVisible()).toBe(false);
    const pill = await phone.getByText(/Window open/).boundingBox();
    const tools = await phone.locator(".conversation-tools").boundingBox();
    // Shown, first on its row: nothing hidden holds a place (or a gap) before it.
    expect(pill?.x).toBe(tools?.x);
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-conversation.png` });
    const shown = async (selector: string) => (await phone.locator(selector).boundingBox()) ?? { width: 0, height: 0 };
    // 451 px of 844 with the top bar, the card and the composer's row of Templates above its text
    // box; 619 with the row of Attach and "Add a private note" above it.
    expect((await shown(".messages")).height).toBeGreaterThan(PHONE.height * 0.78);
    expect(await phone.locator(".topbar").isVisible()).toBe(false);
    expect(await phone.locator(".contact-card").isVisible()).toBe(false);
    const middleOf = async (target: Locator) => {
      const box = await target.boundingBox();
      return box ? box.y + box.height / 2 : Number.NaN;
    };
    const replyRow = await middleOf(phone.getByLabel("Your reply"));
    for (const name of ["Attach, template or note", "Send"]) {
      const button = phone.locator("form.composer").getByRole("button", { name, exact: true });
      expect({ name, onTheRow: Math.abs((await middleOf(button)) - replyRow) < 1 }).toEqual({ name, onTheRow: true });
      expect(await button.evaluate((b) => b.getBoundingClientRect().width)).toBe(44);
    }
    // Attach, Templates and the private note wait behind the +, in a row above the text box.
    const extras = phone.getByRole("button", { name: "Attach, template or note" });
    const behindThePlus = ["Attach", "Templates"].map((name) => phone.getByRole("button", { name, exact: true }));
    for (const button of [...behindThePlus, phone.getByText("Add a private note")])
      expect(await button.isVisible()).toBe(false);
    expect(await extras.getAttribute("aria-expanded")).toBe("false");
    await extras.tap();
    expect(await extras.getAttribute("aria-expanded")).toBe("true");
    for (const button of [...behindThePlus, phone.getByText("Add a private note")]) {
      expect(await button.isVisible()).toBe(true);
      expect(await middleOf(button)).toBeLessThan(replyRow);
    }
    // Templates opens the picker and puts the row away again.
    await phone.getByRole("button", { name: "Templates", exact: true }).tap();
    await phone.getByRole("form", { name: "Send a template" }).waitFor();
    expect(await extras.getAttribute("aria-expanded")).toBe("false");
    expect(await phone.getByRole("button", { name: "Attach", exact: true }).isVisible()).toBe(false);
    await phone.getByRole("button", { name: "Close templates" }).tap();
    // The customer's number on one line; the number they wrote to is behind More (it wrapped to a second).
    const numbers = phone.locator(".conversation-who p");
    expect(await numbers.evaluate((line) => line.getClientRects().length === 1 && line.clientHeight < 30)).toBe(true);
    expect(await phone.locator(".conversation-channel").isVisible()).toBe(false);
    expect((await shown("#reply-text")).width).toBeGreaterThan(PHONE.width * 0.6);
    const more = phone.getByRole("button", { name: "More", exact: true });
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    await more.tap();
    for (const name of ["Export", "Pin", "Archive", "Snooze", "Find"])
      expect(await phone.getByRole(name === "Export" ? "link" : "button", { name, exact: true }).isVisible()).toBe(
        true,
      );
    expect(await phone.getByRole("searchbox", { name: "Search this conversation" }).isVisible()).toBe(true);
    expect(await phone.locator(".conversation-channel").textContent()).toMatch(/^ · to \+\d+$/);
    expect(await phone.locator(".conversation-channel").isVisible()).toBe(true);
    expect(await phone.locator(".contact-card > summary").isVisible()).toBe(true);
    expect(await fitsTheWidth()).toBe(true);
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-conversation-more.png` });
    await phone.getByRole("button", { name: "Less", exact: true }).tap();
    expect(await archive.isVisible()).toBe(false);

    await phone.getByRole("link", { name: "Back to the inbox" }).tap();
    await phone.waitForURL(/\/inbox$/);
    await phone.getByRole("heading", { name: "Inbox" }).waitFor();
    expect(await phone.locator(".topbar").isVisible()).toBe(true);
    await list()
      .getByRole("link", { name: /Linus Old/ })
      .waitFor();
    expect(await phone.getByRole("log", { name: "Messages" }).count()).toBe(0);
  });

  it("replies from the phone: the composer stays in view, above the on-screen keyboard too", async () => {
    await phone.goto(`${web.url}/inbox/${grace}`);
    await untilHydrated(phone);
    expect(await inView(phone, "form.composer")).toBe(true);
    const box = phone.getByLabel("Your reply");
    await box.tap();
    // The keyboard takes the screen's lower 336 px: Chromium shrinks the layout to what is left
    // (the viewport meta's interactive-widget=resizes-content), and the composer moves up with it.
    await phone.setViewportSize({ width: PHONE.width, height: PHONE.height - 336 });
    await expect.poll(() => inView(phone, "form.composer")).toBe(true);
    expect(await inView(phone, "form.composer button[type=submit]")).toBe(true);
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-keyboard.png` });
    // Return on the phone's keyboard writes a new line, as in WhatsApp; Send is tapped.
    expect(await box.getAttribute("placeholder")).toBe("Write a reply…");
    await box.fill("Friday at 9 works.");
    await box.press("Enter");
    await box.pressSequentially("See you then.");
    expect(await box.inputValue()).toBe("Friday at 9 works.\nSee you then.");
    await phone.getByRole("button", { name: "Send", exact: true }).tap();
    await phone
      .getByRole("log", { name: "Messages" })
      .locator(".bubble-row.pending")
      .getByText("See you then.")
      .waitFor();
    const command = await waitFor(async () => {
      const last = await lastCommand();
      return last?.text === "Friday at 9 works.\nSee you then." ? last : undefined;
    });
    expect(command).toMatchObject({ type: "SendReply", orgId: account.orgId, conversationId: grace });
    expect(await box.inputValue()).toBe("");
    await phone.setViewportSize(PHONE);
  });

  it("keeps the field being typed in on screen when the keyboard comes up: a contact's notes, a private note, the search", async () => {
    const fields = [
      { open: [".tools-toggle", ".contact-card > summary"], field: "#contact-notes" },
      { open: [".extras-toggle", ".note-composer > summary"], field: ".note-composer textarea" },
      { open: [".tools-toggle"], field: ".history-search input[type=search]" },
    ];
    for (const { open, field } of fields) {
      await phone.goto(`${web.url}/inbox/${grace}`);
      await untilHydrated(phone);
      for (const selector of open) await phone.locator(selector).tap();
      await phone.locator(field).tap();
      // The keyboard takes the screen's lower 336 px (as in the reply test): what the low screen
      // hides must not be what holds the focus, or the field vanishes and the keyboard with it.
      await phone.setViewportSize({ width: PHONE.width, height: PHONE.height - 336 });
      try {
        await expect.poll(() => phone.evaluate(() => window.innerHeight)).toBe(PHONE.height - 336);
        const shown = await phone
          .locator(field)
          .evaluate((element) => element === document.activeElement && element.checkVisibility());
        expect({ field, shown }).toEqual({ field, shown: true });
        await phone.keyboard.type("Gate code 4512");
        expect(await phone.locator(field).inputValue()).toBe("Gate code 4512");
      } finally {
        await phone.setViewportSize(PHONE);
      }
    }
  });

  it("attaches a photo from the phone's picker and sends it with a caption", async () => {
    await phone.goto(`${web.url}/inbox/${grace}`);
    await untilHydrated(phone);
    // Attach, Templates and "Add a private note" are a menu behind the reply's +: one above the
    // other (side by side they were wider than the screen), each starting where the + does.
    await phone.getByRole("button", { name: "Attach, template or note" }).tap();
    const startOf = (target: Locator) =>
      target.evaluate((element) => {
        const content = element.querySelector("svg") ?? element;
        return Math.round(content.getBoundingClientRect().left);
      });
    const rowStart = Math.round(
      (await phone.getByRole("button", { name: "Attach, template or note" }).boundingBox())?.x ?? Number.NaN,
    );
    const items = [
      phone.getByRole("button", { name: "Attach", exact: true }),
      phone.getByRole("button", { name: "Templates", exact: true }),
      phone.locator(".note-composer > summary"),
    ];
    const tops: number[] = [];
    for (const item of items) {
      expect(await startOf(item)).toBe(rowStart);
      tops.push((await item.boundingBox())?.y ?? Number.NaN);
    }
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(new Set(tops).size).toBe(3);
    const [chooser] = await Promise.all([
      phone.waitForEvent("filechooser"),
      phone.getByRole("button", { name: "Attach", exact: true }).tap(),
    ]);
    await chooser.setFiles(photo);
    await phone.locator(".attachment-chip[data-state=ready]").getByText("kitchen.png").waitFor();
    await phone.getByLabel("Caption").fill("The kitchen as it is");
    expect(await inView(phone, ".attachments-send")).toBe(true);
    await phone.getByRole("button", { name: "Send file" }).tap();
    await phone.locator(".attachments-list").waitFor({ state: "detached" });
    const command = await waitFor(async () => {
      const last = await lastCommand();
      return last?.media ? last : undefined;
    });
    expect(command).toMatchObject({ conversationId: grace, text: "The kitchen as it is" });
    expect(command.media).toEqual([expect.objectContaining({ name: "kitchen.png", contentType: "image/png" })]);
  });

  it("searches from the phone, opens a result and comes back to the same results", async () => {
    await seedManyConversations(db, account.orgId, 12);
    await phone.goto(`${web.url}/inbox`);
    await list().getByRole("link").first().waitFor();
    await phone.getByLabel("Search by name, number or text").fill("Linus");
    await phone.getByRole("button", { name: "Search" }).tap();
    await phone.waitForURL(/q=Linus/);
    await waitFor(async () => (await list().getByRole("link").count()) === 1, { what: "one search result" });
    await list()
      .getByRole("link", { name: /Linus Old/ })
      .tap();
    await phone.getByRole("log", { name: "Messages" }).getByText("Thanks for last time").waitFor();
    await phone.getByRole("link", { name: "Back to the inbox" }).tap();
    await phone.waitForURL(/\/inbox\?q=Linus$/);
    await waitFor(async () => (await list().getByRole("link").count()) === 1, { what: "the same search result" });
    expect(await phone.getByLabel("Search by name, number or text").inputValue()).toBe("Linus");
  });

  it("makes every tap target at least 44 × 44 on the inbox and on a conversation with its labels and menus open", async () => {
    await phone.goto(`${web.url}/inbox`);
    await list().getByRole("link").first().waitFor();
    expect(await smallTapTargets(phone)).toEqual([]);

    // With a label in the org, the header offers "Add a label…" too.
    await seedLabel(db, { orgId: account.orgId, name: "Top client", colour: "teal" });
    await phone.goto(`${web.url}/inbox/${grace}`);
    await untilHydrated(phone);
    await phone.getByRole("button", { name: "More", exact: true }).tap();
    // The choice and its button on one line.
    const choice = await phone.getByLabel("Label to add").boundingBox();
    const add = await phone.getByRole("button", { name: "Add label" }).boundingBox();
    expect(add?.y).toBe(choice?.y);
    // Snooze's choices and an attachment's tray show more controls.
    await phone.getByRole("button", { name: "Snooze", exact: true }).tap();
    await phone.getByRole("button", { name: "Snooze until then" }).waitFor();
    await phone.getByRole("button", { name: "Attach, template or note" }).tap();
    const [chooser] = await Promise.all([
      phone.waitForEvent("filechooser"),
      phone.getByRole("button", { name: "Attach", exact: true }).tap(),
    ]);
    await chooser.setFiles(photo);
    await phone.getByRole("button", { name: "Remove kitchen.png" }).waitFor();
    await phone.getByLabel("Your reply").fill("Almost ready");
    expect(await smallTapTargets(phone)).toEqual([]);
    expect(await fitsTheWidth()).toBe(true);
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-tap-targets.png`, fullPage: true });
  });

  it("keeps a conversation to the screen with everything around its messages open: the page never scrolls", async () => {
    await phone.goto(`${web.url}/inbox/${grace}`);
    await untilHydrated(phone);
    await phone.getByRole("button", { name: "More", exact: true }).tap();
    await phone.getByRole("button", { name: "Snooze", exact: true }).tap();
    await phone.locator(".contact-card > summary").tap();
    await phone.getByRole("button", { name: "Attach, template or note" }).tap();
    await phone.locator(".note-composer > summary").tap();
    const [chooser] = await Promise.all([
      phone.waitForEvent("filechooser"),
      phone.getByRole("button", { name: "Attach", exact: true }).tap(),
    ]);
    await chooser.setFiles(photo);
    await phone.getByRole("button", { name: "Remove kitchen.png" }).waitFor();
    // Each part that opened scrolls in its own box; the document scrolled by 170 px and took the
    // top bar with it when the contact's card was open.
    expect(await documentOverflow(phone)).toBe(0);
    expect(await inView(phone, ".conversation-head")).toBe(true);
    expect(await inView(phone, "form.composer button[type=submit]")).toBe(true);
    // The messages keep room for a bubble or two (6rem): they had shrunk to their padding alone.
    expect(await phone.locator(".messages").evaluate((pane) => pane.getBoundingClientRect().height)).toBe(96);
    // What each opened part holds can still be reached (scrolled to inside its box) and tapped.
    for (const name of ["Snooze until then", "Save contact", "Add note"]) {
      const button = phone.getByRole("button", { name, exact: true });
      await button.scrollIntoViewIfNeeded();
      // Nothing (the sticky composer, another part) lies over it.
      const box = await button.boundingBox();
      const hit = await phone.evaluate(
        ({ x, y }) => document.elementFromPoint(x + 8, y + 8)?.closest("button")?.textContent,
        { x: box?.x ?? 0, y: box?.y ?? 0 },
      );
      expect(hit).toBe(name);
    }
    expect(await documentOverflow(phone)).toBe(0);
    // The contact's fields look (and are as tall) as every other form's.
    expect(await smallTapTargets(phone)).toEqual([]);
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-conversation-all-open.png` });

    // A desktop's window had the same overflow with the card and a note open (39 px).
    const desk = await signedInPage(browser, db, web.url, account, { width: 1280, height: 800 });
    await desk.goto(`${web.url}/inbox/${grace}`);
    await untilHydrated(desk);
    await desk.locator(".contact-card > summary").click();
    await desk.locator(".note-composer > summary").click();
    await desk.getByRole("button", { name: "Save contact" }).waitFor();
    expect(await documentOverflow(desk)).toBe(0);
    await desk.close();
  });

  it("sets working hours on the phone: each day's two times side by side, the page as wide as the screen", async () => {
    await phone.goto(`${web.url}/settings/working-hours`);
    await untilHydrated(phone);
    for (const day of ["Monday", "Wednesday", "Sunday"]) {
      const from = await phone.getByLabel(`${day} from`).boundingBox();
      const until = await phone.getByLabel(`${day} until`).boundingBox();
      // The end time used to wrap alone onto the next line, under the start.
      expect(until?.y).toBe(from?.y);
      expect((until?.x ?? 0) + (until?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await fitsTheWidth()).toBe(true);
    expect(await smallTapTargets(phone)).toEqual([]);
    await phone.screenshot({ path: `${SCREENSHOTS_DIR}phone-working-hours.png` });
  });

  it("fits every page of Settings to the phone: nothing wider or taller than the screen, every tap target big enough", async () => {
    await phone.goto(`${web.url}/settings/templates`);
    // The sections are a menu under the open one's name: as tabs they wrapped to four rows (220 px)
    // above every page.
    const menu = phone.locator(".sections-menu > summary");
    expect(await menu.textContent()).toBe("Section: Templates");
    // The top bar marks Settings as where the user is, on any of its sections (it did only on the first).
    const main = phone.getByRole("navigation", { name: "Main" });
    expect(await main.getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBe("page");
    expect(await phone.getByRole("navigation", { name: "Settings" }).count()).toBe(0);
    const pageStart = async () =>
      (await phone.locator(".settings > :is(.card, section, form, div)").first().boundingBox())?.y ?? Number.NaN;
    expect(await pageStart()).toBeLessThan(200);
    await menu.tap();
    const sections = phone.getByRole("navigation", { name: "Settings" }).getByRole("link");
    const pages = await sections.evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    expect(pages.length).toBeGreaterThan(8);
    await sections.filter({ hasText: "Working hours" }).tap();
    await phone.waitForURL(/\/settings\/working-hours$/);
    await expect.poll(() => menu.textContent()).toBe("Section: Working hours");
    expect(await phone.locator(".sections-menu").getAttribute("open")).toBeNull();
    const misfits: { page: string; wider: string[]; taller: number; small: unknown[]; astray: string[] }[] = [];
    for (const path of pages) {
      await phone.goto(`${web.url}${path}`);
      // Wider than the screen, even inside a scrolling pane: the templates' table was.
      const wider = await phone.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
      );
      // Taller than the screen: the page scrolls in its pane, under the top bar; when the document
      // scrolled as well, Working hours' end dragged the top bar away over a blank half screen.
      const taller = await documentOverflow(phone);
      const small = await smallTapTargets(phone);
      const astray = await labelsAstray(phone);
      if (wider.length > 0 || taller > 0 || small.length > 0 || astray.length > 0)
        misfits.push({ page: path, wider: wider.slice(0, 3), taller, small, astray });
    }
    expect(misfits).toEqual([]);
  });

  it("starts a conversation from the phone: each field's name above it, the template's choice as wide as the number", async () => {
    await phone.goto(`${web.url}/inbox/new`);
    const number = phone.getByLabel("Customer's WhatsApp number");
    const template = phone.getByLabel("Template", { exact: true });
    await template.waitFor();
    expect(await labelsAstray(phone)).toEqual([]);
    // Beside its name and Refresh, the select had 245 px of the number's 326: "Choose an approved tem".
    const [numberBox, templateBox] = [await number.boundingBox(), await template.boundingBox()];
    expect(templateBox?.x).toBe(numberBox?.x);
    expect(templateBox?.width).toBe(numberBox?.width);
    // Refresh, last on the name's line, ends its word where the select ends (its padding in the margin).
    const refreshWordEnd = await phone.getByRole("button", { name: "Refresh" }).evaluate((button) => {
      const style = getComputedStyle(button);
      return (
        button.getBoundingClientRect().right -
        Number.parseFloat(style.paddingRight) -
        Number.parseFloat(style.borderRightWidth)
      );
    });
    expect(Math.abs(refreshWordEnd - ((templateBox?.x ?? 0) + (templateBox?.width ?? 0)))).toBeLessThanOrEqual(1);
    expect(await fitsTheWidth()).toBe(true);
    expect(await smallTapTargets(phone)).toEqual([]);
  });

  it("leaves the desktop layout as it was: list and conversation side by side, no way back needed", async () => {
    const desk = await signedInPage(browser, db, web.url, account, { width: 1280, height: 800 });
    await csp.watch(desk.context());
    await desk.goto(`${web.url}/inbox/${grace}`);
    await desk.getByRole("log", { name: "Messages" }).getByText("For the kitchen repaint").waitFor();
    expect(await desk.getByRole("heading", { name: "Inbox" }).isVisible()).toBe(true);
    expect(await desk.getByRole("link", { name: "Back to the inbox" }).isVisible()).toBe(false);
    // Wide enough for the header's actions: nothing waits behind More.
    expect(await desk.getByRole("button", { name: "More", exact: true }).isVisible()).toBe(false);
    expect(await desk.getByRole("button", { name: "Pin", exact: true }).isVisible()).toBe(true);
    // The header's choice of a label (the org has one since the tap-target test) and its button on one line.
    const choice = await desk.getByLabel("Label to add").boundingBox();
    const add = await desk.getByRole("button", { name: "Add label" }).boundingBox();
    expect(add?.y).toBe(choice?.y);
    // The window's pill sits on that line's middle, as the search beside it does (it was at its top).
    const middle = (box: { y: number; height: number } | null) => (box ? box.y + box.height / 2 : Number.NaN);
    const pill = await desk.locator(".conversation-head .window-pill").boundingBox();
    const search = await desk.getByRole("searchbox", { name: "Search this conversation" }).boundingBox();
    expect(Math.abs(middle(pill) - middle(search))).toBeLessThanOrEqual(1);
    // styles.css's desktop sizes: a small button stays 36 px tall.
    const newConversation = desk.getByRole("link", { name: "New conversation" });
    expect(await newConversation.evaluate((link) => link.getBoundingClientRect().height)).toBe(36);

    // Every page of Settings can be reached at a glance: none hides past the edge of the tabs.
    await desk.goto(`${web.url}/settings/working-hours`);
    expect(await documentOverflow(desk)).toBe(0);
    const tabs = desk.getByRole("navigation", { name: "Settings" }).getByRole("link");
    expect(await tabs.count()).toBeGreaterThan(8);
    const hidden = await tabs.evaluateAll((links) =>
      links
        .filter((link) => {
          const box = link.getBoundingClientRect();
          return !link.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
        })
        .map((link) => link.textContent),
    );
    expect(hidden).toEqual([]);
    await desk.context().close();
  });

  it("gives the reply box the composer's row on a tablet, upright or on its side, or a small laptop, beside the list", async () => {
    // Saved replies' button too: the composer's three buttons with their words take 455 px.
    await seedSavedReply(db, { orgId: account.orgId, name: "Thanks", shortcut: "thanks", body: "Thanks {{name}}!" });
    const tablet = await signedInPage(browser, db, web.url, account, { width: 768, height: 1024 });
    await csp.watch(tablet.context());
    await tablet.goto(`${web.url}/inbox/${grace}`);
    await untilHydrated(tablet);
    expect(await tablet.getByRole("heading", { name: "Inbox" }).isVisible()).toBe(true);
    const reply = tablet.getByRole("textbox", { name: "Your reply" });
    await reply.fill("See you on Friday");
    for (const size of [
      { width: 768, height: 1024 },
      { width: 1024, height: 768 },
      { width: 1180, height: 800 },
    ]) {
      await tablet.setViewportSize(size);
      // With its buttons' words beside it, the text box had 87 px of the composer's 356 upright,
      // and 155 of 612 on its side.
      const [box, row] = [await reply.boundingBox(), await tablet.locator(".composer-row").boundingBox()];
      expect(box?.width ?? 0, `at ${size.width} px`).toBeGreaterThan((row?.width ?? Number.POSITIVE_INFINITY) * 0.6);
      // The buttons keep their names, a pointer's tooltip of them, and a tap target's size.
      for (const name of ["Saved replies", "Templates", "Send"]) {
        const button = tablet.getByRole("button", { name, exact: true });
        expect(await button.getAttribute("title")).toBe(name);
        const box = await button.boundingBox();
        expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(MIN_TAP_TARGET);
      }
      expect(await documentOverflow(tablet)).toBe(0);
      // The list's search box shows its placeholder whole ("Name, number or te" at 330 px of list).
      expect(await placeholderCut(tablet, "inbox-search"), `at ${size.width} px`).toBe(0);
      // The header's actions wait behind More, as on a phone: in four rows at 768 px they took
      // 234 px of the height, in three at 1024 and 1180 px 179.
      const head = tablet.locator(".conversation-head");
      const more = head.getByRole("button", { name: "More", exact: true });
      expect(await more.isVisible(), `at ${size.width} px`).toBe(true);
      expect(await head.getByRole("button", { name: "Pin", exact: true }).isVisible()).toBe(false);
      expect((await head.boundingBox())?.height ?? 0, `at ${size.width} px`).toBeLessThan(120);
      expect(await head.locator(".window-pill").isVisible()).toBe(true);
      await more.click();
      expect(await head.getByRole("button", { name: "Pin", exact: true }).isVisible()).toBe(true);
      expect(await head.getByRole("searchbox", { name: "Search this conversation" }).isVisible()).toBe(true);
      await head.getByRole("button", { name: "Less", exact: true }).click();
    }
    await tablet.context().close();
  });
});
