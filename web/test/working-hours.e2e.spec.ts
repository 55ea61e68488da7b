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
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { AUTO_REPLY_CONSUMER } from "#app/auto-replies/auto-replier.server.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchChromium, SCREENSHOTS_DIR } from "./support/browser.ts";
import { signedInPage } from "./support/browser-user.ts";
import { CspGuard } from "./support/csp.ts";
import { migrateAll, seedConversation } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { consumerCaughtUp, storedSendReplies } from "./support/stored-commands.ts";
import { webTestEnv } from "./support/web-env.ts";

// Settings › Working hours as a freelancer uses it (issue 15, decision 026): the hours, the zone and
// the away message set in the form; a customer's message outside those hours then makes the web's
// auto-replier issue one SendReply (read back from COMMANDS: no outbound runs here), and after the
// web restarts a second message of the same evening issues none. The conversation marks automatic replies.

let database: TestDatabase;
let nats: TestNats;
let keys: TestKeys;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
let account: Account;
const csp = new CspGuard();

const startWeb = () =>
  startBuiltWeb(
    webTestEnv({
      databaseUrl: database.url,
      natsUrl: nats.url,
      namespace: nats.names.namespace,
      keys,
      extra: { EVENT_PUBLIC_KEYS: keys.env.EVENT_PUBLIC_KEYS ?? "" },
    }),
  );

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  keys = testKeys();
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
    await page.getByLabel("Time zone").fill("UTC");
    // Open only on the day three days from today (UTC): now is outside the hours.
    const openDay = WEEKDAY_NAMES[(new Date().getUTCDay() + 3) % 7] ?? "Monday";
    for (const day of WEEKDAY_NAMES) await page.getByLabel(day, { exact: true }).setChecked(day === openDay);
    await page.getByLabel("Send it outside my hours").check();
    await page.getByLabel("Away message").fill("Out of the office, back soon.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "saved" }).waitFor();
    // The form shows what was saved when opened again.
    await page.goto(`${web.url}/settings/working-hours`);
    expect(await page.getByLabel("Send it outside my hours").isChecked()).toBe(true);
    expect(await page.getByLabel(openDay, { exact: true }).isChecked()).toBe(true);

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
});
