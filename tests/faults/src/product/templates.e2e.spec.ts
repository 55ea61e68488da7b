// WhatsApp templates as a freelancer uses them (issue 14), every service a real process and
// Twilio the simulator with WhatsApp's 24-hour window enforced: a customer who never wrote is
// reached with "New conversation"; the conversation's closed window turns the composer into the
// template picker, whose variables fill a live preview; the phone shows the rendered text and the
// inbox shows it with its ticks; a template written in Settings is approved after the review's
// delay and can then be sent; a template Twilio refuses, or that fails after it was sent, still shows
// as the template it was, with its reason, and its Retry sends that template again, even to a closed
// window.

import { join } from "node:path";
import { openCommand, type SendReply } from "@cloudpa/contracts";
import { headerLookupOf } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { signUpAndConnect } from "../harness/freelancer.js";
import { REPO_ROOT } from "../harness/repo-root.js";

const CUSTOMER = "whatsapp:+447700900777";

describe("WhatsApp templates in the inbox", () => {
  let scenario: FaultScenario;
  let browser: Browser;
  let page: Page;
  let phone: Page;

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector", "outbound", "web"], envChannel: false });
    scenario.sim.configure({ approvalDelayMs: 1500, enforceWhatsAppWindow: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    phone = await browser.newPage();
    await signUpAndConnect(page, scenario, {
      businessName: "Ada's Plumbing",
      email: "ada@templates.example",
      password: "correct horse battery staple",
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await scenario?.stop();
  });

  /** The phone page (the simulator's) shows a business message with this text. */
  async function phoneShows(text: string) {
    await phone.goto(scenario.sim.url);
    await phone.fill("#customer-number", CUSTOMER.replace("whatsapp:", "")).catch(() => undefined);
    await expect
      .poll(async () => (await phone.locator(".bubble.business").allTextContents()).join("\n"), { timeout: 15_000 })
      .toContain(text);
  }

  it("starts a conversation with a new number, then answers its closed window with a picked template", async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: join(REPO_ROOT, "web/test-results/templates-failure.png"), fullPage: true });
    });
    const web = scenario.service("web").url;
    await page.goto(`${web}/inbox`);
    await page.getByRole("link", { name: "New conversation" }).click();
    // A number typed the way of the sending number's country (the simulator's is American) needs no country code.
    await page.getByLabel("Customer's WhatsApp number").fill("(415) 555-0134");
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "follow_up (en)" });
    await page.getByLabel("{{1}}").fill("Bea");
    await page.getByRole("button", { name: "Start conversation" }).click();
    // Sent, the page opens the conversation as soon as it exists (once Twilio's answer is projected).
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "+14155550134" }).waitFor();
    await page.getByRole("log", { name: "Messages" }).getByText("Hi Bea,", { exact: false }).waitFor();
    expect(scenario.sim.sentMessages().some((m) => m.to === "whatsapp:+14155550134")).toBe(true);
    await page.getByRole("link", { name: "New conversation" }).click();
    // A UK customer's number typed the UK way, to be sent from the simulator's US number (a national
    // number is read in the sending number's country): refused, and nothing else typed is lost.
    await page.getByLabel("Customer's WhatsApp number").fill("07700 900777");
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "follow_up (en)" });
    await page.getByLabel("{{1}}").fill("Alan");
    const followUp = "Hi Alan, it has been a while since we last spoke. Is there anything I can help you with?";
    await expect.poll(() => page.getByTestId("template-preview").textContent()).toBe(followUp);
    await page.getByRole("button", { name: "Start conversation" }).click();
    await page.getByRole("alert").filter({ hasText: "with its country code" }).waitFor();
    expect(await page.getByLabel("Template", { exact: true }).inputValue()).toBe(
      scenario.sim.demoTemplateSid("follow_up"),
    );
    expect(await page.getByLabel("{{1}}").inputValue()).toBe("Alan");
    expect(await page.getByTestId("template-preview").textContent()).toBe(followUp);
    await page.getByLabel("Customer's WhatsApp number").fill("+44 7700 900777");
    await page.getByRole("button", { name: "Start conversation" }).click();

    const first = await waitFor(
      () => scenario.sim.sentMessages().find((m) => m.to === CUSTOMER && m.body.startsWith("Hi Alan")),
      { timeoutMs: 20_000, what: "the first template at Twilio" },
    );
    expect(first.contentSid).toBe(scenario.sim.demoTemplateSid("follow_up"));
    expect(first.status).not.toBe("failed");
    await phoneShows("Hi Alan, it has been a while since we last spoke.");

    // The conversation opens once the ReplySent is projected: its window is closed (the customer never wrote).
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    await page
      .getByRole("log", { name: "Messages" })
      .getByText("Hi Alan, it has been a while since we last spoke.", { exact: false })
      .waitFor();
    await page.locator(".bubble-row.outbound:not(.pending) [data-status=read]").first().waitFor();
    await page.getByText("The 24-hour reply window is closed.", { exact: false }).waitFor();
    expect(await page.getByLabel("Your reply").isDisabled()).toBe(true);

    await page.getByLabel("Template", { exact: true }).selectOption({ label: "appointment_reminder (en)" });
    await page.getByLabel("{{1}}").fill("Alan");
    await page.getByLabel("{{2}}").fill("Friday");
    await page.getByLabel("{{3}}").fill("9:30");
    const rendered = "Hi Alan, a reminder of your appointment on Friday at 9:30. Reply here to confirm or to move it.";
    await expect.poll(() => page.getByTestId("template-preview").textContent()).toBe(rendered);
    await page.getByRole("button", { name: "Send template" }).click();

    const reminder = await waitFor(() => scenario.sim.sentMessages().find((m) => m.body === rendered), {
      timeoutMs: 20_000,
      what: "the reminder at Twilio",
    });
    expect(reminder.contentSid).toBe(scenario.sim.demoTemplateSid("appointment_reminder"));
    await phoneShows(rendered);
    const bubble = page.locator(".bubble-row.outbound:not(.pending)").filter({ hasText: rendered });
    await bubble.locator("[data-status=read]").waitFor();
    expect(scenario.sim.sentMessages().filter((m) => m.body === rendered)).toHaveLength(1);
    await page.screenshot({ path: join(REPO_ROOT, "web/test-results/screenshots/conversation-template-sent.png") });
  }, 120_000);

  it("shows a template Twilio refused, and one that failed after it was sent, as the templates they were, with their reasons; Retry sends the template again to the closed window", async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: join(REPO_ROOT, "web/test-results/templates-failed.png"), fullPage: true });
    });
    // Every SendReply the web appends from here on, as stored (the outbound takes them off the work
    // queue, so they are read as they are published), opened with the installation's keyring.
    const sendReplies: SendReply[] = [];
    const subscription = scenario.nc.subscribe(scenario.names.commandsSubjects);
    void (async () => {
      for await (const message of subscription) {
        const command = openCommand(message.data, headerLookupOf(message.headers), scenario.keys.keyring);
        if (command.type === "SendReply") sendReplies.push(command);
      }
    })();
    await scenario.nc.flush();
    const web = scenario.service("web").url;
    await page.goto(`${web}/inbox`);
    await page
      .getByRole("link", { name: /900777/ })
      .first()
      .click();
    const sendQuote = async (amount: string) => {
      await page.getByLabel("Template", { exact: true }).selectOption({ label: "quote_ready (en)" });
      await page.getByLabel("{{1}}").fill("Alan");
      await page.getByLabel("{{2}}").fill("the tap");
      await page.getByLabel("{{3}}").fill(amount);
      const text = `Hello Alan, your quote for the tap is ready: ${amount}. Any questions, just reply to this message.`;
      await expect.poll(() => page.getByTestId("template-preview").textContent()).toBe(text);
      await page.getByRole("button", { name: "Send template" }).click();
      return page.locator(".bubble-row.outbound:not(.pending)").filter({ hasText: text });
    };

    // Twilio refuses the create (21656): a ReplyFailed, which now carries the template.
    scenario.sim.configure({ failSends: [21656] });
    const refused = await sendQuote("£90");
    await refused.locator("[data-status=failed]").waitFor();
    expect(await refused.getAttribute("data-kind")).toBe("template");
    expect(await refused.locator(".kind-tag[data-kind=template]").textContent()).toBe("Template");
    expect(await refused.locator(".failure").textContent()).toContain("(Twilio error 21656)");

    // Twilio takes it and its status callback says failed (63024): the ReplySent's template stays.
    scenario.sim.configure({ failSends: [63024] });
    const failedLater = await sendQuote("£95");
    await failedLater.locator("[data-status=failed]").waitFor();
    expect(await failedLater.getAttribute("data-kind")).toBe("template");
    expect(await failedLater.locator(".kind-tag[data-kind=template]").textContent()).toBe("Template");
    await expect.poll(() => failedLater.locator(".failure").textContent()).toContain("(Twilio error 63024)");
    await page.screenshot({ path: join(REPO_ROOT, "web/test-results/screenshots/conversation-template-failed.png") });

    // Retry of the refused one, the window still closed (the customer never wrote; the text box stays
    // paused): the same template and variables in a new signed SendReply, under a command id of its own.
    await page.getByText("The 24-hour reply window is closed.", { exact: false }).waitFor();
    const text = "Hello Alan, your quote for the tap is ready: £90. Any questions, just reply to this message.";
    const variables = { "1": "Alan", "2": "the tap", "3": "£90" };
    const quoteSid = scenario.sim.demoTemplateSid("quote_ready");
    await refused.getByRole("button", { name: "Retry" }).click();
    const [first, retried] = await waitFor(
      () => {
        const sent = sendReplies.filter((command) => command.text === text);
        return sent.length === 2 ? sent : undefined;
      },
      { timeoutMs: 20_000, what: "the retried template's SendReply" },
    );
    subscription.unsubscribe();
    expect(retried?.template).toEqual({ contentSid: quoteSid, variables });
    expect(first?.template).toEqual(retried?.template);
    expect(retried?.commandId).not.toBe(first?.commandId);
    // Twilio takes it this time: the phone reads the rendered template, and the inbox shows it sent.
    const atTwilio = await waitFor(
      () => scenario.sim.sentMessages().find((m) => m.body === text && m.status !== "failed"),
      { timeoutMs: 20_000, what: "the retried template at Twilio" },
    );
    expect(atTwilio.contentSid).toBe(quoteSid);
    await phoneShows(text);
    await page
      .locator(".bubble-row.outbound:not(.pending)")
      .filter({ hasText: text })
      .locator("[data-status=read]")
      .waitFor();
    expect(scenario.sim.sentMessages().filter((m) => m.body === text && m.status !== "failed")).toHaveLength(1);
  }, 120_000);

  it("submits a new template, shows it approved after WhatsApp's review, and sends it", async () => {
    const web = scenario.service("web").url;
    await page.goto(`${web}/settings/templates`);
    await page.getByRole("row").filter({ hasText: "payment_overdue" }).getByText("Rejected").waitFor();
    await page.getByLabel("Name").fill("visit_confirmed");
    await page.getByLabel("Category").selectOption("UTILITY");
    await page.getByLabel("Text", { exact: false }).fill("Hi {{1}}, your visit on {{2}} is confirmed. See you then!");
    await page.getByLabel("Sample for {{1}}").fill("Ada");
    await page.getByLabel("Sample for {{2}}").fill("Monday");
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await page.getByRole("status").filter({ hasText: "Submitted visit_confirmed" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "visit_confirmed" });
    expect(await row.locator("[data-status]").getAttribute("data-status")).toMatch(/received|pending/);

    // The simulator approves after its review delay (1.5 s); Refresh asks Twilio again.
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

    await page.goto(`${web}/inbox`);
    await page
      .getByRole("link", { name: /900777/ })
      .first()
      .click();
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "visit_confirmed (en)" });
    await page.getByLabel("{{1}}").fill("Alan");
    await page.getByLabel("{{2}}").fill("Monday");
    await page.getByRole("button", { name: "Send template" }).click();
    const text = "Hi Alan, your visit on Monday is confirmed. See you then!";
    const sent = await waitFor(() => scenario.sim.sentMessages().find((m) => m.body === text), {
      timeoutMs: 20_000,
      what: "the new template at Twilio",
    });
    expect(sent.status).not.toBe("failed");
    await page
      .locator(".bubble-row.outbound:not(.pending)")
      .filter({ hasText: text })
      .locator("[data-status=read]")
      .waitFor();
  }, 120_000);
});
