import { randomUUID } from "node:crypto";
import { channelIdFor, conversationIdFor, type InboundMessageReceived } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
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
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { AUTO_REPLY_CONSUMER } from "#app/auto-replies/auto-replier.server.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchChromium, SCREENSHOTS_DIR } from "./support/browser.ts";
import { connectNumber, signedInPage } from "./support/browser-user.ts";
import { CspGuard } from "./support/csp.ts";
import { untilHydrated } from "./support/phone.ts";
import { migrateAll, seedConversation } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { consumerCaughtUp, storedSendReplies } from "./support/stored-commands.ts";
import { webTestEnv } from "./support/web-env.ts";

// Settings › Working hours as a freelancer uses it (issue 15, decision 026): the hours, the zone and
// the away message set in the form; a customer's message outside those hours then makes the web's
// auto-replier issue one SendReply (read back from COMMANDS: no outbound runs here), and after the
// web restarts a second message of the same evening issues none. The away template for a closed
// window is picked among the number's approved templates (the Twilio simulator's demo ones), its
// variables filled, with JavaScript and without; the conversation marks automatic replies. An org
// that never saved its hours is offered the browser's own time zone; a saved one wins.

let database: TestDatabase;
let nats: TestNats;
let keys: TestKeys;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
let account: Account;
let sim: TwilioSim;
const csp = new CspGuard();
const simAccount = { accountSid: "AC0123456789abcdef0123456789abcdef", authToken: "f0e1d2c3b4a5968778695a4b3c2d1e0f" };
const simNumber = "+14155238886";

const startWeb = () =>
  startBuiltWeb(
    webTestEnv({
      databaseUrl: database.url,
      natsUrl: nats.url,
      namespace: nats.names.namespace,
      keys,
      extra: {
        EVENT_PUBLIC_KEYS: keys.env.EVENT_PUBLIC_KEYS ?? "",
        TWILIO_API_BASE_URL: sim.url,
        TWILIO_SIM_URL: sim.url,
      },
    }),
  );

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  keys = testKeys();
  sim = await startTwilioSim({ accounts: [simAccount], numbers: [`whatsapp:${simNumber}`] });
  await migrateAll(database.url);
  web = await startWeb();
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  account = await createAccount(db, { email: "ada@example.com", password: "a calm inbox 2026", businessName: "Ada" });
  browser = await launchChromium();
  page = await signedInPage(browser, db, web.url, account, { width: 1280, height: 900 });
  await csp.watch(page.context());
}, 300_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await sim?.close();
  await db?.end();
  await nats?.cleanup();
  await database?.drop();
});

function customerWrote(customer: string): InboundMessageReceived {
  const channelId = randomUUID();
  const now = new Date().toISOString();
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now,
    channelId,
    conversationId: conversationIdFor(channelId, customer),
    messageSid: `SM${randomUUID().replace(/-/g, "")}`,
    accountSid: "AC0123456789abcdef0123456789abcdef",
    from: customer,
    to: "whatsapp:+14155238886",
    profileName: "Grace",
    body: "Hello?",
    media: [],
    receivedAt: now,
    extraParams: {},
  };
}

const commandsOf = (orgId: string) => storedSendReplies(nats, keys.keyring, orgId);
const replierSettled = () => consumerCaughtUp(nats, AUTO_REPLY_CONSUMER);

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

describe("working hours and the away message in a browser", () => {
  it("refuses a time zone that does not exist and says why", async () => {
    await page.goto(`${web.url}/settings/working-hours`);
    await page.getByLabel("Time zone").fill("Mars/Olympus");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("alert").filter({ hasText: "not a time zone" }).waitFor();
    expect(await page.getByLabel("Time zone").getAttribute("aria-invalid")).toBe("true");
  });

  it("saves hours that leave now outside them, and a customer's message then gets one away reply, across a restart", async () => {
    await page.goto(`${web.url}/settings/working-hours`);
    await page.getByRole("link", { name: "Working hours" }).waitFor();
    // Nothing saved yet: once hydrated, the page offers the browser's zone in the field; then typed over.
    await untilHydrated(page);
    await page.getByLabel("Time zone").fill("UTC");
    // Open only on the day three days from today (UTC): now is outside the hours.
    const openDay = WEEKDAY_NAMES[(new Date().getUTCDay() + 3) % 7] ?? "Monday";
    for (const day of WEEKDAY_NAMES) await page.getByLabel(day, { exact: true }).setChecked(day === openDay);
    await page.getByLabel("Send it outside my hours").check();
    await page.getByLabel(/^Away message/).fill("Out of the office, back soon.");
    // The greeting too, but a new customer out of hours is to get one automatic reply, not two.
    await page.getByLabel("Greet a customer's very first message").check();
    await page.getByLabel("Outside my hours, send the away message alone").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "saved" }).waitFor();
    // The form shows what was saved when opened again.
    await page.goto(`${web.url}/settings/working-hours`);
    expect(await page.getByLabel("Send it outside my hours").isChecked()).toBe(true);
    expect(await page.getByLabel(openDay, { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("Outside my hours, send the away message alone").isChecked()).toBe(true);
    // The hours, the away message and the greeting are groups as wide as the form (each was as
    // wide as its own content: about 470, 725 and 705 px in the trial at 1280 px).
    const groupWidths = await page
      .locator("form.stacked-form > fieldset")
      .evaluateAll((groups) => groups.map((group) => Math.round(group.getBoundingClientRect().width)));
    expect(groupWidths).toHaveLength(3);
    expect(new Set(groupWidths).size).toBe(1);

    const first = customerWrote("whatsapp:+447700900111");
    await appendSigned(nats.js, nats.names, first, keys.signing.ingress);
    const [away] = await waitFor(async () => {
      const commands = await commandsOf(account.orgId);
      return commands.length > 0 && commands;
    });
    expect(away).toMatchObject({
      conversationId: first.conversationId,
      text: "Out of the office, back soon.",
      requestedBy: "auto-reply:away",
    });
    await replierSettled();
    // The customer's very first message: the away message went alone, no greeting before it.
    expect(await commandsOf(account.orgId)).toHaveLength(1);

    await web.stop();
    web = await startWeb();
    await appendSigned(
      nats.js,
      nats.names,
      { ...customerWrote("whatsapp:+447700900111"), channelId: first.channelId, conversationId: first.conversationId },
      keys.signing.ingress,
    );
    await replierSettled();
    expect(await commandsOf(account.orgId)).toHaveLength(1);
  });

  it("picks the away template among the number's approved templates, its variable filled, and uses it for a closed window", async () => {
    await page.goto(`${web.url}/settings/channels`);
    await connectNumber(page, simAccount, simNumber);
    // The number's row, as the projector writes it from ChannelConnected (no projector runs here).
    await seedConversation(db, {
      orgId: account.orgId,
      channelId: channelIdFor(account.orgId, `whatsapp:${simNumber}`),
      channelNumber: `whatsapp:${simNumber}`,
      conversationId: randomUUID(),
      customer: "whatsapp:+447700900333",
      name: "Grace Template",
      lastInboundAt: new Date(),
      messages: [{ id: randomUUID(), direction: "inbound", body: "Hi", sentAt: new Date() }],
    });
    await page.goto(`${web.url}/settings/working-hours`);
    const choice = page.getByLabel("Template for a closed window");
    // Only the approved demo templates, by name and language (not the pending nor the rejected one).
    expect(await choice.locator("option").allTextContents()).toEqual([
      "None: send nothing then",
      "appointment_reminder (en)",
      "follow_up (en)",
      "quote_ready (en)",
    ]);
    await page.getByLabel("Time zone").fill("UTC");
    const openDay = WEEKDAY_NAMES[(new Date().getUTCDay() + 3) % 7] ?? "Monday";
    for (const day of WEEKDAY_NAMES) await page.getByLabel(day, { exact: true }).setChecked(day === openDay);
    await page.getByLabel("Send it outside my hours").check();
    await choice.selectOption({ label: "follow_up (en)" });
    const values = page.getByRole("group", { name: "Values for follow_up" });
    await values.getByLabel("{{1}}").fill("there");
    const rendered = "Hi there, it has been a while since we last spoke. Is there anything I can help you with?";
    await expect.poll(() => page.getByRole("status", { name: "What the customer reads" }).textContent()).toBe(rendered);
    await page.screenshot({ path: `${SCREENSHOTS_DIR}working-hours-away-template.png`, fullPage: true });
    await expectAccessible(page, "Settings › Working hours with an away template chosen");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "saved" }).waitFor();
    const followUp = sim.demoTemplateSid("follow_up");
    expect(await savedAwayTemplate()).toEqual({
      contentSid: followUp,
      variables: { "1": "there" },
      text: rendered,
      name: "follow_up",
      language: "en",
    });
    // Opened again, the form shows the choice and its value.
    await page.goto(`${web.url}/settings/working-hours`);
    expect(await choice.inputValue()).toBe(followUp);
    expect(await values.getByLabel("{{1}}").inputValue()).toBe("there");

    // A customer's message read 30 hours after it came (the web was down): the window is closed,
    // so the away message goes as the template, with its value and the text the customer reads.
    const late = customerWrote("whatsapp:+447700900444");
    const receivedAt = new Date(Date.now() - 30 * 3600_000).toISOString();
    await appendSigned(nats.js, nats.names, { ...late, receivedAt, occurredAt: receivedAt }, keys.signing.ingress);
    const command = await waitFor(async () =>
      (await commandsOf(account.orgId)).find((stored) => stored.conversationId === late.conversationId),
    );
    expect(command).toMatchObject({
      text: rendered,
      template: { contentSid: followUp, variables: { "1": "there" } },
      requestedBy: "auto-reply:away",
    });
  });

  it("picks a template and fills its variables without JavaScript, and names a variable left blank", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      await context.addCookies(await page.context().cookies());
      const plain = await context.newPage();
      plain.setDefaultTimeout(15_000);
      await plain.goto(`${web.url}/settings/working-hours`);
      const quote = plain.getByRole("group", { name: "Values if you choose quote_ready (en)" });
      await plain.getByLabel("Template for a closed window").selectOption({ label: "quote_ready (en)" });
      await quote.getByLabel("{{1}}").fill("there");
      await plain.getByRole("button", { name: "Save" }).click();
      await plain.getByRole("alert").filter({ hasText: "Give {{2}}, {{3}} of quote_ready a value" }).waitFor();
      expect((await savedAwayTemplate())?.name).toBe("follow_up");

      await plain.getByLabel("Template for a closed window").selectOption({ label: "quote_ready (en)" });
      await quote.getByLabel("{{1}}").fill("there");
      await quote.getByLabel("{{2}}").fill("your project");
      await quote.getByLabel("{{3}}").fill("on its way");
      await plain.getByRole("button", { name: "Save" }).click();
      await plain.getByRole("status").filter({ hasText: "saved" }).waitFor();
      expect(await savedAwayTemplate()).toEqual({
        contentSid: sim.demoTemplateSid("quote_ready"),
        variables: { "1": "there", "2": "your project", "3": "on its way" },
        text: "Hello there, your quote for your project is ready: on its way. Any questions, just reply to this message.",
        name: "quote_ready",
        language: "en",
      });
    } finally {
      await context.close();
    }
  });

  it("marks the away message and the greeting in the conversation, and nothing else, where axe finds nothing serious", async () => {
    const conversationId = randomUUID();
    const customer = "whatsapp:+447700900222";
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    // As the projector writes them from ReplySent: requestedBy is what each SendReply carried.
    await seedConversation(db, {
      orgId: account.orgId,
      channelId: channelIdFor(account.orgId, "whatsapp:+14155238886"),
      channelNumber: "whatsapp:+14155238886",
      conversationId,
      customer,
      name: "Grace Marked",
      lastInboundAt: at(4),
      messages: [
        { id: randomUUID(), direction: "inbound", body: "Hello, anyone there?", sentAt: at(4) },
        {
          id: randomUUID(),
          direction: "outbound",
          body: "Hello, thanks for writing!",
          sentAt: at(4),
          status: "delivered",
          requestedBy: "auto-reply:greeting",
        },
        {
          id: randomUUID(),
          direction: "outbound",
          body: "Out of the office, back at 9.",
          sentAt: at(3),
          status: "read",
          requestedBy: "auto-reply:away",
        },
        {
          id: randomUUID(),
          direction: "outbound",
          body: "Actually I can help now.",
          sentAt: at(1),
          status: "sent",
          requestedBy: account.userId,
        },
      ],
    });
    await page.goto(`${web.url}/inbox/${conversationId}`);
    const bubble = (text: string) => page.locator(".bubble").filter({ hasText: text });
    await bubble("Out of the office").getByText("Automatic · away message").waitFor();
    await bubble("Hello, thanks for writing!").getByText("Automatic · greeting").waitFor();
    expect(await bubble("Actually I can help now.").getByText("Automatic").count()).toBe(0);
    expect(await bubble("Hello, anyone there?").getByText("Automatic").count()).toBe(0);
    expect(await page.locator("[data-automatic]").count()).toBe(2);
    // Read out with the message's time and ticks, as one line of its meta.
    expect(await bubble("Out of the office").locator(".bubble-meta").textContent()).toMatch(
      /^Automatic · away message/,
    );
    await page.screenshot({ path: `${SCREENSHOTS_DIR}conversation-automatic-replies.png` });
    await expectAccessible(page, "a conversation with automatic replies marked");
  });

  it("offers the browser's own time zone to an org that never saved one, and shows the saved one after", async () => {
    const fresh = await createAccount(db, {
      email: "lisbon@example.com",
      password: "a calm inbox 2026",
      businessName: "Ada in Lisbon",
    });
    const lisbon = await signedInPage(
      browser,
      db,
      web.url,
      fresh,
      { width: 1280, height: 900 },
      { timezoneId: "Europe/Lisbon" },
    );
    try {
      const zone = lisbon.getByLabel("Time zone");
      await lisbon.goto(`${web.url}/settings/working-hours`);
      // The server renders the default (it cannot know the browser's zone); hydrated, the field holds Lisbon.
      await untilHydrated(lisbon);
      expect(await zone.inputValue()).toBe("Europe/Lisbon");
      await lisbon.getByRole("button", { name: "Save" }).click();
      await lisbon.getByRole("status").filter({ hasText: "saved" }).waitFor();
      expect(await savedTimeZone(fresh.orgId)).toBe("Europe/Lisbon");

      // Saved, another zone wins over the browser's, in this Lisbon browser too. While the second
      // save is held on its way, the first one's notice is gone and the button says it is saving.
      await zone.fill("America/New_York");
      const isSave = (url: string, method: string) => method === "POST" && url.includes("/settings/working-hours");
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      await lisbon.route("**/settings/working-hours*", async (route) => {
        if (isSave(route.request().url(), route.request().method())) await released;
        await route.continue();
      });
      const secondSave = lisbon.waitForResponse((response) => isSave(response.url(), response.request().method()));
      await lisbon.getByRole("button", { name: "Save" }).click();
      await lisbon.getByRole("button", { name: "Saving…" }).waitFor();
      expect(await lisbon.getByRole("status").filter({ hasText: "saved" }).count()).toBe(0);
      release();
      expect((await secondSave).ok()).toBe(true);
      await lisbon.getByRole("status").filter({ hasText: "saved" }).waitFor();
      await lisbon.goto(`${web.url}/settings/working-hours`);
      await untilHydrated(lisbon);
      expect(await zone.inputValue()).toBe("America/New_York");
      expect(await savedTimeZone(fresh.orgId)).toBe("America/New_York");
    } finally {
      await lisbon.context().close();
    }
  });
});

async function savedTimeZone(orgId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ settings: { timeZone: string } }>(
    "SELECT settings FROM app.auto_reply_settings WHERE org_id = $1",
    [orgId],
  );
  return rows[0]?.settings.timeZone;
}

async function savedAwayTemplate(): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query<{ settings: { away: { template?: Record<string, unknown> } } }>(
    "SELECT settings FROM app.auto_reply_settings WHERE org_id = $1",
    [account.orgId],
  );
  return rows[0]?.settings.away.template;
}
