// A customer's location, contact card, button reply and quoted reply each render in the inbox
// (issue 14, decision 023): in Chromium against the built web, end to end: the Twilio simulator
// sends each as Twilio's signed webhook to the ingress (a process), the projector (a process)
// writes the read model, and the web reads it; the contact card's vCard comes from the
// simulator's Media resource through the web.

import { DEFAULT_ORG_ID, generateMediaUrlKey, webhookPaths } from "@cloudpa/contracts";
import { eventFactory } from "@cloudpa/read-model/testing";
import {
  ensureBuilt,
  freePort,
  startNode,
  type TestDatabase,
  type TestKeys,
  type TestNats,
  testDatabase,
  testKeys,
  testNats,
  WaitingCannotSucceed,
  waitFor,
} from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { launchChromium, SCREENSHOTS_DIR } from "#test/support/browser.ts";
import { serviceReady, signedInPage } from "#test/support/browser-user.ts";
import { migrateAll } from "#test/support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "#test/support/start-web.ts";
import { webTestEnv } from "#test/support/web-env.ts";

const simAccount = { accountSid: `AC${"5e".repeat(16)}`, authToken: "6f".repeat(16) };
const f = eventFactory(DEFAULT_ORG_ID);
const customer = f.customer(42);
const conversationId = f.conversationOf(42);

let database: TestDatabase;
let nats: TestNats;
let keys: TestKeys;
let sim: TwilioSim;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
let account: Awaited<ReturnType<typeof createAccount>>;
const services: ReturnType<typeof startNode>[] = [];

/** The number of messages the read model holds for the conversation. */
async function messageCount(): Promise<number> {
  const { rows } = await db.query("select count(*)::int as n from readmodel.message where conversation_id = $1", [
    conversationId,
  ]);
  return rows[0]?.n ?? 0;
}

beforeAll(async () => {
  await ensureBuilt("services");
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  keys = testKeys();
  await migrateAll(database.url);
  const [ingressPort, projectorPort] = [await freePort(), await freePort()];
  const publicBaseUrl = `http://127.0.0.1:${ingressPort}`;
  sim = await startTwilioSim({
    accounts: [simAccount],
    numbers: [f.channelNumber],
    inboundWebhookUrl: `${publicBaseUrl}${webhookPaths().inbound}`,
  });
  const shared = {
    ...keys.env,
    NATS_URL: nats.url,
    CLOUDPA_NAMESPACE: nats.names.namespace,
    DATABASE_URL: database.url,
    PUBLIC_BASE_URL: publicBaseUrl,
    MEDIA_URL_KEY: generateMediaUrlKey(),
    TWILIO_API_BASE_URL: sim.url,
    TWILIO_ACCOUNT_SID: simAccount.accountSid,
    TWILIO_AUTH_TOKEN: simAccount.authToken,
    TWILIO_WHATSAPP_FROM: f.channelNumber,
    LOG_LEVEL: "warn",
  };
  const ingress = startNode("services/ingress/dist/main.js", [], { ...shared, INGRESS_PORT: String(ingressPort) });
  const projector = startNode("services/projector/dist/main.js", [], {
    ...shared,
    PROJECTOR_PORT: String(projectorPort),
  });
  services.push(ingress, projector);
  web = await startBuiltWeb(
    webTestEnv({
      databaseUrl: database.url,
      natsUrl: nats.url,
      namespace: nats.names.namespace,
      keys,
      extra: {
        TWILIO_API_BASE_URL: sim.url,
        TWILIO_ACCOUNT_SID: simAccount.accountSid,
        TWILIO_AUTH_TOKEN: simAccount.authToken,
        TWILIO_WHATSAPP_FROM: f.channelNumber,
      },
    }),
  );
  // The projector's readiness is proven by the messages it projects (below), not waited for here.
  await serviceReady(ingressPort, "ingress", ingress);
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  account = await createAccount(db, {
    email: "kinds-ui@example.com",
    password: "a calm inbox 2026",
    businessName: "Kinds UI",
    orgId: DEFAULT_ORG_ID,
  });
  browser = await launchChromium();
  page = await signedInPage(browser, db, web.url, account, { width: 1280, height: 900 });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  for (const service of services) service.child.kill("SIGTERM");
  await db?.end();
  await sim?.close();
  await nats?.cleanup();
  await database?.drop();
});

describe("every kind of customer message in the inbox", () => {
  it("shows a location, a contact card, a button reply and a quoted reply, each as what it is", async () => {
    const from = customer.replace("whatsapp:", "");
    const first = await sim.inbound({ from, profileName: "Lena Kinds", body: "Can you fix the boiler on Friday?" });
    await sim.inbound({
      from,
      location: { latitude: 51.5033635, longitude: -0.1276248, address: "10 Downing St, London", label: "Home" },
    });
    await sim.inbound({ from, contact: { name: "Grace Hopper", phones: ["+447700900099"] } });
    await sim.inbound({ from, body: "Confirm", button: { text: "Confirm", payload: "confirm_booking" } });
    await sim.inbound({ from, sticker: {} });
    await sim.inbound({ from, body: "Yes, that boiler", replyTo: first.messageSid });
    await waitFor(
      async () => {
        const projector = services[1];
        if (projector && projector.child.exitCode !== null)
          throw new WaitingCannotSucceed(`projector exited:\n${projector.output.stderr}${projector.output.stdout}`);
        return (await messageCount()) === 6;
      },
      { what: "six messages projected", timeoutMs: 90_000 },
    );

    await page.goto(`${web.url}/inbox/${conversationId}`);
    // The location: a card with the place and a map link (OpenStreetMap, no script).
    const location = page.locator("[data-kind='location']");
    // Each card's title: its icon (an inline SVG, the same on every device), then its text.
    await location.getByText("Home", { exact: true }).waitFor();
    expect(await location.locator(".kind-card-title svg").count()).toBe(1);
    await location.getByText("10 Downing St, London").waitFor();
    expect(await location.getByRole("link", { name: "Open map" }).getAttribute("href")).toMatch(
      /^https:\/\/www\.openstreetmap\.org\/\?mlat=51\.50336\d&mlon=-0\.12762\d#map=17\/51\.50336\d\/-0\.12762\d$/,
    );
    // The contact card: the vCard read through the web, name and number, with Copy.
    const contact = page.locator(".shared-contact-card");
    await contact.getByText("Grace Hopper", { exact: true }).waitFor();
    expect(await contact.locator(".kind-card-title svg").count()).toBe(1);
    await contact.getByRole("link", { name: "+447700900099" }).waitFor();
    await contact.getByRole("button", { name: "Copy +447700900099" }).waitFor();
    // The button reply: its text with the marker.
    const button = page.locator(".interactive-reply");
    await button.getByText("Confirm").waitFor();
    expect(await button.locator(".kind-marker").getAttribute("title")).toBe("Tapped a button");
    expect(await button.locator(".kind-marker svg").count()).toBe(1);
    // The sticker: drawn at a sticker's size on no bubble, the simulator's face loaded through the web,
    // not a photo to enlarge.
    const sticker = page.locator("img.sticker");
    await expect.poll(() => sticker.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(1);
    expect(await sticker.getAttribute("alt")).toBe("Sticker");
    expect(await sticker.evaluate((image) => [image.clientWidth, image.clientHeight])).toEqual([128, 128]);
    expect(await sticker.evaluate((image) => image.closest("button"))).toBeNull();
    expect(
      await sticker.evaluate((image) => getComputedStyle(image.closest(".bubble") as Element).backgroundColor),
    ).toBe("rgba(0, 0, 0, 0)");
    // The quoted reply: the quoted message above the bubble; a click goes to it.
    const quote = page.locator("a.quoted");
    await quote.getByText("Can you fix the boiler on Friday?").waitFor();
    const quotedId = await quote.getAttribute("data-quoted-id");
    expect(await page.locator(`#message-${quotedId}`).getByText("Can you fix the boiler on Friday?").count()).toBe(1);
    await quote.click();
    await page.locator(`#message-${quotedId}.flash`).waitFor();
    // A device that asks for less motion gets the jump at once: the quoted message is in view as
    // the click returns (a smooth scroll had not moved yet). Short enough that the messages scroll.
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.setViewportSize({ width: 1280, height: 600 });
    const inViewAtOnce = await quote.evaluate((link, id) => {
      const pane = document.querySelector(".messages") as HTMLElement;
      pane.scrollTop = pane.scrollHeight;
      const target = document.getElementById(`message-${id}`) as HTMLElement;
      const above = target.getBoundingClientRect().bottom < pane.getBoundingClientRect().top;
      (link as HTMLElement).click();
      const [box, view] = [target.getBoundingClientRect(), pane.getBoundingClientRect()];
      return { wasAbove: above, now: box.top >= view.top - 1 && box.bottom <= view.bottom + 1 };
    }, quotedId);
    expect(inViewAtOnce).toEqual({ wasAbove: true, now: true });
    await page.emulateMedia({ reducedMotion: null });
    await page.setViewportSize({ width: 1280, height: 900 });
    // No bubble is empty.
    for (const bubble of await page.locator(".bubble").all()) {
      expect((await bubble.textContent())?.trim().length).toBeGreaterThan(0);
    }
    await page.screenshot({ path: `${SCREENSHOTS_DIR}message-kinds.png`, fullPage: true });

    // The inbox list previews the last one as text, and a contact or location as what it is.
    const { rows } = await db.query("select last_message_preview from readmodel.conversation where id = $1", [
      conversationId,
    ]);
    expect(rows[0]?.last_message_preview).toBe("Yes, that boiler");
  });

  it("opens the conversation, once read, at its end on a phone, and keeps the end in view as the contact card is read in and the attachments' tray opens", async () => {
    // The first visit read it: with nothing unread, the next one opens at the end, not at a first unread.
    await waitFor(
      async () => {
        const { rows } = await db.query("select unread_count from readmodel.conversation where id = $1", [
          conversationId,
        ]);
        return rows[0]?.unread_count === 0;
      },
      { what: "the conversation read" },
    );
    const phone = await signedInPage(
      browser,
      db,
      web.url,
      account,
      { width: 390, height: 844 },
      { isMobile: true, hasTouch: true },
    );
    try {
      await phone.goto(`${web.url}/inbox/${conversationId}`);
      // The card is drawn as "Reading the contact card…" and grows when its vCard arrives, after the
      // view has scrolled to the end: the view follows, so the last message stays whole in view.
      await phone.locator(".shared-contact-card").getByText("Grace Hopper", { exact: true }).waitFor();
      const box = phone.locator(".messages");
      const fromTheEnd = () =>
        box.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
      await expect.poll(fromTheEnd).toBeLessThanOrEqual(1);
      expect(await box.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
      // A message's card, not the customer's (that one is .contact-card): it sits in its bubble as
      // the location's card does, and the on-screen keyboard coming up (the layout 336 px lower, as
      // in phone.e2e), which hides the customer's card, leaves it shown.
      const insetOf = (card: string) =>
        phone
          .locator(card)
          .evaluate(
            (element) =>
              element.getBoundingClientRect().left -
              (element.closest(".bubble")?.getBoundingClientRect().left ?? Number.NaN),
          );
      expect(await insetOf(".shared-contact-card")).toBe(await insetOf(".location-card"));
      await phone.setViewportSize({ width: 390, height: 844 - 336 });
      expect(await phone.locator(".shared-contact-card").getByText("Grace Hopper", { exact: true }).isVisible()).toBe(
        true,
      );
      await phone.setViewportSize({ width: 390, height: 844 });
      // The keyboard up and down again: the view is still at the end (a scroll the layout made
      // between two frames left it 171 px short, 1 run in 3 with two busy cores).
      await expect.poll(fromTheEnd).toBeLessThanOrEqual(1);
      // A file picked opens the attachments' tray under the messages, which makes their box shorter:
      // the end stays in view.
      const before = await box.evaluate((element) => element.clientHeight);
      await phone
        .getByTestId("attach-input")
        .setInputFiles({ name: "quote.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
      await phone.getByRole("button", { name: "Send file" }).waitFor();
      expect(await box.evaluate((element) => element.clientHeight)).toBeLessThan(before);
      await expect.poll(fromTheEnd).toBeLessThanOrEqual(1);
    } finally {
      await phone.context().close();
    }
  });
});
