// Templates in the browser (issue 14), against the built web and the Twilio simulator's Content
// API: a closed window's composer is the template picker (variables as fields, a live preview),
// its send is a signed SendReply with the template and the rendered text, shown with its ticks
// once projected; a template written in Settings is approved after the review's delay and is then
// in the picker. (The whole path through the outbound and the phone: tests/faults templates spec.)
import { randomUUID } from "node:crypto";
import { channelIdFor, type LiveNotice, openCommand } from "@cloudpa/contracts";
import { writeCheckpoint } from "@cloudpa/read-model";
import { type TestKeys, type TestNats, waitFor } from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, SCREENSHOTS_DIR } from "./support/browser.ts";
import { connectNumber, signUpAndLogIn } from "./support/browser-user.ts";
import { type BuiltWebTest, builtWebTest } from "./support/built-web-test.ts";
import { CspGuard } from "./support/csp.ts";
import { seedConversation } from "./support/read-model-seed.ts";
import type { RunningWeb } from "./support/start-web.ts";

const simAccount = { accountSid: "AC0123456789abcdef0123456789abcdef", authToken: "f0e1d2c3b4a5968778695a4b3c2d1e0f" };
const simNumber = "+14155238886";
const password = "a calm inbox 2026";

let t: BuiltWebTest;
let nats: TestNats;
let keys: TestKeys;
let sim: TwilioSim;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let page: Page;
let orgId: string;
const csp = new CspGuard();
const closedConversation = randomUUID();

beforeAll(async () => {
  sim = await startTwilioSim({ accounts: [simAccount], numbers: [`whatsapp:${simNumber}`], approvalDelayMs: 1500 });
  t = await builtWebTest({ TWILIO_API_BASE_URL: sim.url, TWILIO_SIM_URL: sim.url });
  ({ nats, keys, web, db } = t);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await csp.watch(page.context());
  page.setDefaultTimeout(15_000);

  await signUpAndLogIn(page, web.url, { businessName: "Ada Studio", email: "ada@templates.example", password });
  await connectNumber(page, simAccount, simNumber);
  const { rows } = await db.query<{ org_id: string }>(
    "SELECT m.org_id FROM app.memberships m JOIN app.users u ON u.id = m.user_id WHERE u.email = $1",
    ["ada@templates.example"],
  );
  orgId = rows[0]!.org_id;
  const old = new Date(Date.now() - 3 * 24 * 3600_000);
  await seedConversation(db, {
    orgId,
    channelId: channelIdFor(orgId, `whatsapp:${simNumber}`),
    channelNumber: `whatsapp:${simNumber}`,
    conversationId: closedConversation,
    customer: "whatsapp:+447700900999",
    name: "Linus Old",
    lastInboundAt: old,
    messages: [{ id: randomUUID(), direction: "inbound", body: "Thanks for last time", sentAt: old }],
  });
}, 240_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
  await sim?.close();
});

async function lastCommand() {
  return (
    (await nats.jsm.streams
      .getMessage(nats.names.commandsStream, { last_by_subj: nats.names.sendReplySubject(orgId) })
      .catch(() => null)) ?? undefined
  );
}

describe("templates in the browser", () => {
  it("turns a closed window's composer into the template picker, previews the filled text and sends it", async () => {
    await page.goto(`${web.url}/inbox/${closedConversation}`);
    await page.getByText("The 24-hour reply window is closed.", { exact: false }).waitFor();
    expect(await page.getByLabel("Your reply").isDisabled()).toBe(true);
    const picker = page.getByRole("form", { name: "Send a template" });
    await picker.getByLabel("Template").selectOption({ label: "appointment_reminder (en)" });
    // Only approved templates are offered.
    const offered = await picker.getByLabel("Template").locator("option").allTextContents();
    expect(offered.filter((label) => label.includes("("))).toEqual([
      expect.stringContaining("appointment_reminder"),
      expect.stringContaining("quote_ready"),
      expect.stringContaining("follow_up"),
    ]);
    // Each variable's field says what it stands for: the words around it in the template.
    for (const [name, words] of [
      ["1", "Hi ___, a reminder…"],
      ["2", "…your appointment on ___ at…"],
      ["3", "…at ___."],
    ])
      await picker.getByLabel(`{{${name}}} ${words}`, { exact: true }).waitFor();
    // The template's text is read once, in the preview (it was also above the fields, the same words).
    expect(await picker.getByText("Hi {{1}}, a reminder", { exact: false }).count()).toBe(1);
    await picker.getByLabel("{{1}}").fill("Linus");
    // What is not filled yet shows as its placeholder.
    await expect
      .poll(() => page.getByTestId("template-preview").textContent())
      .toContain("Hi Linus, a reminder of your appointment on {{2}} at {{3}}.");
    expect(await picker.getByRole("button", { name: "Send template" }).isDisabled()).toBe(true);
    await picker.getByLabel("{{2}}").fill("Friday");
    await picker.getByLabel("{{3}}").fill("9:30");
    const rendered = "Hi Linus, a reminder of your appointment on Friday at 9:30. Reply here to confirm or to move it.";
    await expect.poll(() => page.getByTestId("template-preview").textContent()).toBe(rendered);
    await page.screenshot({ path: `${SCREENSHOTS_DIR}conversation-template-picker.png` });
    await picker.getByRole("button", { name: "Send template" }).click();

    const messages = page.getByRole("log", { name: "Messages" });
    await messages.locator(".bubble-row.pending").getByText(rendered).waitFor();
    const stored = await waitFor(async () => {
      const last = await lastCommand();
      return last && openCommand(last.data, (n) => last.header.get(n), keys.keyring);
    });
    expect(stored).toMatchObject({
      type: "SendReply",
      conversationId: closedConversation,
      text: rendered,
      template: {
        contentSid: sim.demoTemplateSid("appointment_reminder"),
        variables: { "1": "Linus", "2": "Friday", "3": "9:30" },
      },
    });

    // Once projected (the projector's rows and checkpoint, then its notice) it shows with its ticks.
    await db.query(
      `INSERT INTO readmodel.message (id, org_id, conversation_id, direction, provider_sid, command_id, body, media, status, sent_at)
       VALUES ($1, $2, $3, 'outbound', 'SM0123456789abcdef0123456789abcdee', $4, $5, '[]', 'read', now())`,
      [stored.commandId, orgId, closedConversation, stored.commandId, rendered],
    );
    await writeCheckpoint(db, "readmodel", nats.names.eventsStream, 1);
    const notice: LiveNotice = { orgId, conversationIds: [closedConversation], channelIds: [], checkpoint: 1 };
    nats.nc.publish(nats.names.liveSubject(orgId), JSON.stringify(notice));
    await messages
      .locator(".bubble-row.outbound:not(.pending)")
      .filter({ hasText: rendered })
      .locator("[data-status=read]")
      .waitFor();
    expect(await page.locator(".bubble-row.pending").count()).toBe(0);
  });

  it("submits a new template, shows WhatsApp's review until approved, and then offers it in the picker", async () => {
    await page.goto(`${web.url}/settings/templates`);
    const table = page.getByRole("table", { name: "Templates" });
    await table.getByRole("row").filter({ hasText: "payment_overdue" }).getByText("Rejected").waitFor();
    await table.getByRole("row").filter({ hasText: "seasonal_offer" }).getByText("Pending review").waitFor();
    await page.getByLabel("Name").fill("visit_confirmed");
    await page.getByLabel("Category").selectOption("UTILITY");
    await page.getByLabel("Text", { exact: false }).fill("Hi {{1}}, your visit on {{2}} is confirmed. See you then!");
    await page.getByLabel("Sample for {{1}}").fill("Ada");
    await page.getByLabel("Sample for {{2}}").fill("Monday");
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await page.getByRole("status").filter({ hasText: "Submitted visit_confirmed" }).waitFor();
    const row = table.getByRole("row").filter({ hasText: "visit_confirmed" });
    expect(await row.locator("[data-status]").getAttribute("data-status")).toMatch(/received|pending/);

    // The simulator approves after its 1.5 s review; Refresh asks Twilio again.
    await expect
      .poll(
        async () => {
          await page.getByRole("link", { name: "Refresh statuses" }).click();
          await page.waitForLoadState("networkidle");
          return row.locator("[data-status]").getAttribute("data-status");
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBe("approved");
    await page.screenshot({ path: `${SCREENSHOTS_DIR}settings-templates.png` });

    await page.goto(`${web.url}/inbox/${closedConversation}`);
    const picker = page.getByRole("form", { name: "Send a template" });
    await picker
      .getByLabel("Template")
      .locator("option", { hasText: "visit_confirmed (en)" })
      .waitFor({ state: "attached" });
    await picker.getByLabel("Template").selectOption({ label: "visit_confirmed (en)" });
    await picker.getByLabel("{{1}}").fill("Linus");
    await picker.getByLabel("{{2}}").fill("Monday");
    await picker.getByRole("button", { name: "Send template" }).click();
    await waitFor(async () => {
      const last = await lastCommand();
      const command = last && openCommand(last.data, (n) => last.header.get(n), keys.keyring);
      return command?.text === "Hi Linus, your visit on Monday is confirmed. See you then!" ? command : undefined;
    });
  });
});
