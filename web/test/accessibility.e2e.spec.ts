// Accessibility (issue 15): every page of the web passes axe-core's WCAG 2.x A/AA rules with no
// serious or critical violation, in Chromium against the built web, with the data each page
// shows (messages of every kind, notes, labels, the composer, the template picker), on a laptop
// and on a phone; and a user with the keyboard alone logs in, opens a conversation, replies, and
// opens and closes the snooze menu, with the focus always visible and never trapped. No
// projector runs: the conversations are events appended and folded by the projector's own fold.

import { writeFileSync } from "node:fs";
import { openCommand } from "@cloudpa/contracts";
import { eventFactory, KIND_COUNT, kindFields } from "@cloudpa/read-model/testing";
import {
  type TestDatabase,
  type TestKeys,
  type TestNats,
  testDatabase,
  testKeys,
  testNats,
  waitFor,
} from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { setOperator } from "#app/admin/operators.server.ts";
import { appendProjected } from "#app/admin/testing/append-projected.ts";
import { expectAccessible, lesserFindingsReport } from "#test/support/axe.ts";
import { launchChromium, SCREENSHOTS_DIR } from "#test/support/browser.ts";
import { connectNumber, signedInPage } from "#test/support/browser-user.ts";
import { PHONE, untilHydrated } from "#test/support/phone.ts";
import { migrateAll } from "#test/support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "#test/support/start-web.ts";
import { webTestEnv } from "#test/support/web-env.ts";

const simAccount = { accountSid: `AC${"a1".repeat(16)}`, authToken: "b2".repeat(16) };
const password = "a calm inbox 2026";

let database: TestDatabase;
let nats: TestNats;
let keys: TestKeys;
let sim: TwilioSim;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
let account: Account;
let f: ReturnType<typeof eventFactory>;

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  keys = testKeys();
  await migrateAll(database.url);
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  account = await createAccount(db, { email: "ally@example.com", password, businessName: "Ally Repairs" });
  await setOperator(db, account.email, true);
  f = eventFactory(account.orgId);
  sim = await startTwilioSim({ accounts: [simAccount], numbers: [f.channelNumber] });
  web = await startBuiltWeb(
    webTestEnv({
      databaseUrl: database.url,
      natsUrl: nats.url,
      namespace: nats.names.namespace,
      keys,
      // The operator's conversation page checks each event's signature with the public keys.
      extra: {
        TWILIO_API_BASE_URL: sim.url,
        TWILIO_SIM_URL: sim.url,
        EVENT_PUBLIC_KEYS: keys.env.EVENT_PUBLIC_KEYS ?? "",
      },
    }),
  );
  browser = await launchChromium();
  // A page of its own context: axe-core's runner opens a page beside it to finish its run.
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
}, 300_000);

afterAll(async () => {
  // Moderate and minor findings fail nothing; they are printed and kept for review (git-ignored).
  const lesser = lesserFindingsReport();
  writeFileSync(`${SCREENSHOTS_DIR}axe-lesser-findings.txt`, lesser ? `${lesser}\n` : "none\n");
  if (lesser) console.info(`Moderate and minor accessibility findings (not failed):\n${lesser}`);
  await browser?.close();
  await web?.stop();
  await db?.end();
  await sim?.close();
  await nats?.cleanup();
  await database?.drop();
});

/** What has the keyboard focus: its tag, accessible name parts and whether it shows a focus ring. */
function focused(target: Page) {
  return target.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { key: "body", name: "", ring: false };
    const style = getComputedStyle(element);
    const name = (
      element.getAttribute("aria-label") ??
      (element as HTMLInputElement).labels?.[0]?.textContent ??
      element.textContent ??
      ""
    ).trim();
    const ring =
      element.matches(":focus-visible") &&
      ((style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none");
    return { key: `${element.tagName}#${element.id}.${element.className}|${name}`, name, ring };
  });
}

/**
 * Presses Tab (Shift+Tab when `back`) until the focused element's accessible name matches `name`,
 * checking on the way that every element focused shows a focus ring and that the focus moves on
 * each press (a trap holds it). Fails when `max` presses do not get there.
 */
async function tabTo(target: Page, name: RegExp, { back = false, max = 60 } = {}): Promise<void> {
  let previous = "";
  for (let press = 0; press < max; press++) {
    await target.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focused(target);
    if (now.key !== "body") {
      expect(now.ring, `focus ring on ${now.key}`).toBe(true);
      expect(now.key, "the focus moved on (no keyboard trap)").not.toBe(previous);
    }
    previous = now.key;
    if (name.test(now.name)) return;
  }
  throw new Error(`${max} presses of ${back ? "Shift+Tab" : "Tab"} did not reach ${name}`);
}

/** Opens each page (path, label), expects 200, and checks it with axe-core once hydrated. */
async function expectEachAccessible(pages: [string, string][]): Promise<void> {
  for (const [path, label] of pages) {
    const response = await page.goto(`${web.url}${path}`);
    expect(response?.status(), label).toBe(200);
    await untilHydrated(page);
    await expectAccessible(page, label);
  }
}

/** A fresh inbound message now, so the conversation's 24-hour window is open. */
function inboundNow(n: number, customerNo: number, body: string) {
  const now = new Date().toISOString();
  return { ...f.inbound(n, customerNo, 0, { body, profileName: "Ruth Open" }), occurredAt: now, receivedAt: now };
}

describe("accessibility: axe-core on every page, and the keyboard alone", () => {
  // At most two axe-core scans a test: a scan takes 2-5 s of a loaded machine's CPU. Beside two
  // busy processes the five scans of these three tests took 14-20 s as one test, and CI (two spec
  // files at a time) ran it out of its 30 s.
  it("passes on the sign-up and log-in pages", async () => {
    await page.goto(`${web.url}/signup`);
    await expectAccessible(page, "sign-up");
    await page.goto(`${web.url}/login`);
    await untilHydrated(page);
    await expectAccessible(page, "log-in");
  });

  it("logs in with the keyboard alone to an empty inbox, which passes", async () => {
    await page.goto(`${web.url}/login`);
    await untilHydrated(page);
    await tabTo(page, /^Email$/);
    await page.keyboard.type(account.email);
    await tabTo(page, /^Password$/);
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/inbox$/);
    await page.getByRole("heading", { name: "No conversations yet" }).waitFor();
    await expectAccessible(page, "inbox (empty)");
  });

  it("passes on settings › channels before and after a number is connected", async () => {
    await page.goto(`${web.url}/settings/channels`);
    await page.getByRole("heading", { name: "Connect a Twilio WhatsApp number" }).waitFor();
    await expectAccessible(page, "settings › channels (no number)");
    await connectNumber(page, simAccount, f.channelNumber.replace("whatsapp:", ""));
    await expectAccessible(page, "settings › channels (connected)");
  });

  // The pages below show an inbox with data: appended once, before its first test. Each test
  // checks one group of pages, so a violation (or a slow page) is named by the group it is in.
  describe("with conversations", () => {
    beforeAll(async () => {
      await appendProjected(nats, keys, db, [
        f.connected(0),
        // Customer 7: a conversation with an open window, a read reply, a failed one, labels, notes, details.
        f.inbound(3, 7, 1, { body: "Hello, are you free this week?" }),
        f.replySent(1, 7, 2),
        f.status(f.sid("SM", 1_000_001), 7, "read", 3),
        f.replyFailed(2, 7, 4, { reason: "twilio_error", errorCode: "21211" }),
        f.label("LabelCreated", 1, 5, { name: "VIP", colour: "purple" }),
        f.label("LabelCreated", 2, 6, { name: "Invoice", colour: "orange" }),
        f.labelled("ConversationLabelled", 7, 1, 7),
        f.note("NoteAdded", 7, 1, 8, { by: account.userId, body: "Owes 40 EUR, ask on Friday" }),
        f.contactDetails(7, 9, { name: "Ruth Open", email: "ruth@example.com", company: "Open Works" }),
        inboundNow(4, 7, "Can you come on Friday?"),
        // Customer 40: every message kind (decision 023), its window closed: the template picker.
        f.inbound(400, 40, 12, { body: "Where do I send the photos?" }),
        ...Array.from({ length: KIND_COUNT }, (_, k) =>
          f.inbound(401 + k, 40, 13 + k, kindFields(k, f.sid("SM", 400))),
        ),
        f.organized("ConversationPinned", 40, 30),
        f.savedReply("SavedReplyCreated", 1, 31, {
          name: "On my way",
          shortcut: "omw",
          body: "On my way, {{first_name}}",
        }),
      ]);
    });

    it("shows the inbox with conversations", async () => {
      await page.goto(`${web.url}/inbox`);
      await page
        .getByRole("link", { name: /Ruth Open/ })
        .first()
        .waitFor();
      await expectAccessible(page, "inbox (with conversations)");
    });

    /** Customer 7's conversation, hydrated: an open window, notes, labels and the composer. */
    const openRuthsConversation = async () => {
      await page.goto(`${web.url}/inbox/${f.conversationOf(7)}`);
      await page.getByRole("complementary", { name: "Private note" }).first().waitFor();
      await untilHydrated(page);
    };

    it("shows a conversation with an open window, notes, labels and the composer", async () => {
      await openRuthsConversation();
      await expectAccessible(page, "conversation (open window, notes, labels, composer)");
    });

    it("shows a conversation with its template picker, snooze menu, note form and saved replies open", async () => {
      await openRuthsConversation();
      const templates = page.getByRole("button", { name: "Templates", exact: true });
      expect(await templates.getAttribute("aria-expanded")).toBe("false");
      await templates.click();
      await page.getByRole("form", { name: "Send a template" }).getByLabel("Template", { exact: true }).waitFor();
      // The button says its picker is open (it toggles it; on a phone it is an icon alone).
      expect(await templates.getAttribute("aria-expanded")).toBe("true");
      await page.getByRole("button", { name: "Snooze" }).click();
      await page.getByText("Add a private note").click();
      await expectAccessible(page, "conversation (template picker, snooze menu, note form open)");
      await page.getByRole("textbox", { name: "Your reply" }).fill("");
      await page.getByRole("textbox", { name: "Your reply" }).pressSequentially("/om");
      await page.getByRole("listbox", { name: "Saved replies" }).getByRole("option").first().waitFor();
      await expectAccessible(page, "conversation (saved replies list open)");
      // Emptied, as a user leaving nothing half-written would: the box keeps a draft per conversation.
      await page.getByRole("textbox", { name: "Your reply" }).fill("");
    });

    it("shows a conversation of every message kind with its closed window's template picker", async () => {
      await page.goto(`${web.url}/inbox/${f.conversationOf(40)}`);
      await page.locator(".bubble-row[data-kind='location']").waitFor();
      const picker = page.getByRole("form", { name: "Send a template" });
      await picker.getByLabel("Template", { exact: true }).selectOption({ label: "appointment_reminder (en)" });
      await picker.getByLabel("{{1}}").waitFor();
      await expectAccessible(page, "conversation (every message kind, closed window's template picker)");
    });

    // One test a page: nine pages in one test took 16-20 s on a quiet machine and ran out of its
    // 30 s beside two CPU burners (slow everywhere, not stuck anywhere), as the groups above once did.
    it.each([
      ["/inbox/new", "new conversation"],
      ["/inbox/<7>/erase", "erase a contact"],
      ["/inbox/erased?events=3&commands=1&records=2", "contact erased"],
      ["/admin", "operator"],
      ["/admin/conversations/<7>", "operator › conversation"],
    ])("shows the page %s", async (path, label) => {
      await expectEachAccessible([[path.replace("<7>", f.conversationOf(7)), label]]);
    });

    it.each([
      ["/settings", "settings"],
      ["/settings/labels", "settings › labels"],
      ["/settings/notifications", "settings › notifications"],
      ["/settings/templates", "settings › templates"],
      ["/settings/saved-replies", "settings › saved replies"],
      ["/settings/working-hours", "settings › working hours"],
      ["/settings/security", "settings › security"],
      ["/settings/sessions", "settings › sessions"],
      ["/settings/tokens", "settings › tokens"],
    ])("shows the settings page %s", async (path, label) => {
      await expectEachAccessible([[path, label]]);
    });

    it("replies and opens and closes the snooze menu with the keyboard alone", async () => {
      await page.goto(`${web.url}/inbox`);
      await untilHydrated(page);
      await tabTo(page, /Ruth Open/);
      await page.keyboard.press("Enter");
      await page.waitForURL(new RegExp(`/inbox/${f.conversationOf(7)}`));
      await untilHydrated(page);
      await page.getByRole("heading", { name: "Ruth Open" }).waitFor();

      // The snooze menu: Enter opens it, Escape closes it and gives the focus back to its button.
      await tabTo(page, /^Snooze$/);
      await page.keyboard.press("Enter");
      const snoozeButton = page.getByRole("button", { name: "Snooze", exact: true });
      expect(await snoozeButton.getAttribute("aria-expanded")).toBe("true");
      await tabTo(page, /^In 1 hour$/);
      await page.keyboard.press("Escape");
      expect(await snoozeButton.getAttribute("aria-expanded")).toBe("false");
      expect((await focused(page)).name).toBe("Snooze");

      // The reply: typed into the reply box and sent with Send.
      await tabTo(page, /^Your reply$/);
      await page.keyboard.type("Friday at 9 works, see you then");
      await tabTo(page, /^Send$/);
      await page.keyboard.press("Enter");
      await page.locator(".bubble-row.pending").getByText("Friday at 9 works, see you then").waitFor();
      const stored = await waitFor(async () => {
        const last = await nats.jsm.streams
          .getMessage(nats.names.commandsStream, { last_by_subj: nats.names.sendReplySubject(account.orgId) })
          .catch(() => null);
        return last ? openCommand(last.data, (n) => last.header.get(n), keys.keyring) : undefined;
      });
      expect(stored).toMatchObject({ type: "SendReply", text: "Friday at 9 works, see you then" });
    });

    describe("on a phone (390×844)", () => {
      let phone: Page;
      beforeAll(async () => {
        phone = await signedInPage(browser, db, web.url, account, PHONE, { isMobile: true, hasTouch: true });
      });
      afterAll(async () => {
        await phone?.context().close();
      });

      it("passes on the list", async () => {
        await phone.goto(`${web.url}/inbox`);
        await phone
          .getByRole("link", { name: /Ruth Open/ })
          .first()
          .waitFor();
        await untilHydrated(phone);
        await expectAccessible(phone, "phone: inbox");
      });

      it("passes on a conversation, and with its actions shown", async () => {
        await phone.goto(`${web.url}/inbox/${f.conversationOf(40)}`);
        await phone.locator(".bubble-row[data-kind='location']").waitFor();
        await untilHydrated(phone);
        await expectAccessible(phone, "phone: conversation");
        await phone.getByRole("button", { name: "More", exact: true }).tap();
        await phone.getByRole("button", { name: "Archive", exact: true }).waitFor();
        await expectAccessible(phone, "phone: conversation with its actions shown");
        // An open window's conversation, with the reply's + menu open (Attach, Templates, a note).
        await phone.goto(`${web.url}/inbox/${f.conversationOf(7)}`);
        await untilHydrated(phone);
        await phone.getByRole("button", { name: "Attach, template or note" }).tap();
        await phone.getByRole("button", { name: "Attach", exact: true }).waitFor();
        await expectAccessible(phone, "phone: conversation with the reply's + menu open");
      });

      it("passes on settings › labels", async () => {
        await phone.goto(`${web.url}/settings/labels`);
        await untilHydrated(phone);
        await expectAccessible(phone, "phone: settings › labels");
      });
    });

    // A device set to dark (prefers-color-scheme): every colour is the dark theme's (styles.css),
    // and axe's contrast rule reads them as drawn.
    describe("in the dark theme", () => {
      beforeAll(async () => {
        await page.emulateMedia({ colorScheme: "dark" });
      });
      afterAll(async () => {
        await page.emulateMedia({ colorScheme: "light" });
      });

      it("draws the pages dark: the page's background and its text", async () => {
        await page.goto(`${web.url}/inbox`);
        const drawn = await page.evaluate(() => ({
          background: getComputedStyle(document.documentElement).backgroundColor,
          text: getComputedStyle(document.body).color,
        }));
        expect(drawn).toEqual({ background: "rgb(11, 20, 26)", text: "rgb(233, 237, 239)" });
      });

      it("draws a form's groups with the theme's line (--line), not the browser's light groove", async () => {
        await page.goto(`${web.url}/settings/working-hours`);
        const borders = await page
          .locator("main fieldset")
          .evaluateAll((groups) =>
            groups.map(
              (group) => `${getComputedStyle(group).borderTopStyle} ${getComputedStyle(group).borderTopColor}`,
            ),
          );
        // Hours, Away message, Greeting, and the values of this org's away template.
        expect(borders.length).toBeGreaterThanOrEqual(3);
        expect(new Set(borders)).toEqual(new Set(["solid rgb(38, 52, 61)"]));
      });

      it("passes on the inbox", async () => {
        await expectEachAccessible([["/inbox", "dark: inbox"]]);
      });

      it("passes on a conversation with its notes, labels and replies, then with its picker and note form open", async () => {
        await openRuthsConversation();
        await expectAccessible(page, "dark: conversation (notes, labels, read and failed replies)");
        await page.getByRole("button", { name: "Templates", exact: true }).click();
        await page.getByRole("form", { name: "Send a template" }).getByLabel("Template", { exact: true }).waitFor();
        await page.getByText("Add a private note").click();
        await expectAccessible(page, "dark: conversation (template picker and note form open)");
      });

      it("passes on a conversation of every message kind", async () => {
        await page.goto(`${web.url}/inbox/${f.conversationOf(40)}`);
        await page.locator(".bubble-row[data-kind='location']").waitFor();
        await untilHydrated(page);
        await expectAccessible(page, "dark: conversation (every message kind)");
      });

      it.each([
        ["/inbox/new", "new conversation"],
        ["/settings/security", "settings › security"],
        ["/settings/labels", "settings › labels"],
        ["/settings/templates", "settings › templates"],
        ["/settings/working-hours", "settings › working hours"],
        ["/admin", "operator"],
      ])("passes on the page %s", async (path, label) => {
        await expectEachAccessible([[path, `dark: ${label}`]]);
      });
    });
  });
});
