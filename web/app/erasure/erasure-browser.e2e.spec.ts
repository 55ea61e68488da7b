// Export and erasure from the inbox, in Chromium against the built web (decision 010). No projector
// runs: the rows are seeded as it would have written them, and the record it would project is read
// from the stream.

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { contactIdFor, openEvent } from "@cloudpa/contracts";
import { appendSigned, nextStoredMessage } from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model/testing";
import type { TestKeys, TestNats } from "@cloudpa/testkit";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { launchChromium, SCREENSHOTS_DIR } from "#test/support/browser.ts";
import { type BuiltWebTest, builtWebTest } from "#test/support/built-web-test.ts";
import { storedDraftKeys } from "#test/support/drafts.ts";
import { untilHydrated } from "#test/support/phone.ts";
import { seedConversation } from "#test/support/read-model-seed.ts";
import type { RunningWeb } from "#test/support/start-web.ts";
import type { ContactExport } from "./contact-export.server.ts";

let t: BuiltWebTest;
let nats: TestNats;
let keys: TestKeys;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
const f = eventFactory(randomUUID());
const customer = f.customer(31);
const conversationId = f.conversationOf(31);
const contactId = contactIdFor(f.orgId, customer);
const keptConversationId = f.conversationOf(32);
let sessionCookie: { name: string; value: string; url: string };

beforeAll(async () => {
  t = await builtWebTest();
  ({ nats, keys, web, db } = t);
  const account = await createAccount(db, {
    email: "erase-ui@example.com",
    password: "a calm inbox 2026",
    businessName: "Erase UI",
    orgId: f.orgId,
  });
  await seedConversation(db, {
    orgId: f.orgId,
    channelId: f.channelId,
    channelNumber: f.channelNumber,
    conversationId,
    customer,
    name: "Ursula Ui",
    lastInboundAt: new Date(),
    messages: [
      { id: randomUUID(), direction: "inbound", body: "please forget me", sentAt: new Date(Date.now() - 60_000) },
      { id: randomUUID(), direction: "outbound", body: "will do", sentAt: new Date(), status: "delivered" },
    ],
  });
  // The projector keys a contact by contactIdFor(org, handle); the seed draws a random id.
  await db.query("update readmodel.contact set id = $1 where org_id = $2 and handle = $3", [
    contactId,
    f.orgId,
    customer,
  ]);
  await db.query("update readmodel.conversation set contact_id = $1 where id = $2", [contactId, conversationId]);
  // Another customer's conversation, which the erasure leaves.
  await seedConversation(db, {
    orgId: f.orgId,
    channelId: f.channelId,
    channelNumber: f.channelNumber,
    conversationId: keptConversationId,
    customer: f.customer(32),
    name: "Vera Kept",
    lastInboundAt: new Date(),
    messages: [{ id: randomUUID(), direction: "inbound", body: "see you then", sentAt: new Date() }],
  });
  for (const event of [f.inbound(1, 31, 1, { body: "please forget me" }), f.status(f.sid("SM", 1), 31, "read", 2)])
    await appendSigned(nats.js, nats.names, event, keys.signing.ingress);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  sessionCookie = { name: SESSION_COOKIE, value: await createSession(db, account), url: web.url };
  await context.addCookies([sessionCookie]);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

describe("a contact's data from the inbox", () => {
  it("downloads the contact's file, then erases them after the number is typed", async () => {
    // The freelancer's phone, signed in too, has replies half-written to the contact and to another.
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.context().addCookies([sessionCookie]);
    for (const [id, text] of [
      [conversationId, "Ursula, about your data"],
      [keptConversationId, "Vera, Friday at 9"],
    ] as const) {
      await phone.goto(`${web.url}/inbox/${id}`);
      await untilHydrated(phone);
      await phone.getByLabel("Your reply").fill(text);
    }
    expect(await storedDraftKeys(phone)).toHaveLength(2);

    await page.goto(`${web.url}/inbox/${conversationId}`);
    await untilHydrated(page);
    // A reply half-written to the contact, kept on this device (conversation/drafts) until erased.
    await page.getByLabel("Your reply").fill("Your data goes on Friday");
    const storedDrafts = () => storedDraftKeys(page);
    expect(await storedDrafts()).toHaveLength(1);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`contact-${contactId}.json`);
    const file = JSON.parse(readFileSync(await download.path(), "utf8")) as ContactExport;
    expect(file.contact).toMatchObject({ id: contactId, handle: customer });
    expect(file.conversations[0]?.messages.map((m) => [m.body, m.status])).toEqual([
      ["please forget me", "received"],
      ["will do", "delivered"],
    ]);

    await page.getByRole("link", { name: "Erase…" }).click();
    await page.getByRole("heading", { name: "Erase Ursula Ui?" }).waitFor();
    const number = customer.replace("whatsapp:", "");
    const confirm = page.getByLabel(`Type ${number} to confirm`);
    const eraseButton = page.getByRole("button", { name: "Erase for good" });
    await confirm.fill("+15550000000");
    await eraseButton.click();
    await page.getByRole("alert").getByText("Type the contact's number exactly as shown to confirm.").waitFor();
    expect(await nextStoredMessage(nats.jsm, nats.names.eventsStream, 1, nats.names.eventsSubjects)).not.toBeNull();
    expect(await storedDrafts()).toHaveLength(1);

    await confirm.fill(number);
    await page.screenshot({ path: `${SCREENSHOTS_DIR}erase-contact.png` });
    await eraseButton.click();
    await page.waitForURL(/\/inbox\/erased\?/);
    await page
      .getByRole("status")
      .getByText("Everything about the contact is erased: 2 stored events, 0 queued replies and 0 delivery records")
      .waitFor();
    expect(await storedDrafts()).toEqual([]);
    const left = await nextStoredMessage(nats.jsm, nats.names.eventsStream, 1, nats.names.eventsSubjects);
    expect(left && openEvent(left.data, (name) => left.header.get(name), keys.keyring)).toMatchObject({
      type: "ContactErased",
      contactId,
      conversationIds: [conversationId],
      erased: { events: 2, commands: 0, outboundRecords: 0 },
    });

    // The projector's erasure (no projector runs here) takes the conversation from the read model.
    await db.query("delete from readmodel.message where conversation_id = $1", [conversationId]);
    await db.query("delete from readmodel.conversation where id = $1", [conversationId]);
    // The phone, opened again, forgets its draft to the erased contact and keeps the other.
    await phone.goto(`${web.url}/inbox`);
    await untilHydrated(phone);
    await expect.poll(() => storedDraftKeys(phone), { timeout: 15_000 }).toHaveLength(1);
    expect((await storedDraftKeys(phone))[0]).toContain(keptConversationId);
    await phone
      .getByRole("link", { name: /Vera Kept/ })
      .getByText("Draft: Vera, Friday at 9")
      .waitFor();
    await phone.context().close();
  });
});
