import { channelIdFor, conversationIdFor } from "@cloudpa/contracts";
import type { TestNats } from "@cloudpa/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeededInbox, seededInbox } from "./support/seeded-inbox.ts";
import type { RunningWeb } from "./support/start-web.ts";

// Private notes and contact details as a user keeps them in the conversation view (issue 15). No
// projector runs here: what the forms append is read back from the stream (web-signed, checked
// with the keyring) and folded into the read model by the projector's own fold, then the page is
// reloaded. The forms post before the page's scripts run too (a page with JavaScript off).

let t: SeededInbox;
let nats: TestNats;
let web: RunningWeb;
let browser: Browser;
let page: Page;
let account: SeededInbox["account"];
let f: SeededInbox["f"];
let projectUntil: SeededInbox["projectUntil"];
const secondNumber = "whatsapp:+14155550000";
let secondConversation: string;

beforeAll(async () => {
  t = await seededInbox({
    owner: { email: "nia@example.com", businessName: "Nia" },
    seed: (f, account) => {
      const secondChannel = channelIdFor(account.orgId, secondNumber);
      secondConversation = conversationIdFor(secondChannel, f.customer(1));
      return [
        f.connected(0),
        f.inbound(1, 1, 10),
        f.inbound(2, 1, 20, { channelId: secondChannel, to: secondNumber, conversationId: secondConversation }),
      ];
    },
  });
  ({ nats, web, browser, page, account, f, projectUntil } = t);
}, 300_000);

afterAll(async () => {
  await t?.close();
});

const noteCards = () => page.getByRole("complementary", { name: "Private note" });

describe("private notes and contact details in a browser", () => {
  it("writes, edits and deletes a private note, shown apart from the messages and never sent", async () => {
    const conversationId = f.conversationOf(1);
    await page.goto(`${web.url}/inbox/${conversationId}`);
    // The page has hydrated once it reads the unread conversation.
    await projectUntil("ConversationRead", conversationId);
    await page.getByText("Add a private note").click();
    await page.getByRole("textbox", { name: "Private note" }).fill("Owes 40 EUR, ask on Friday");
    await page.getByRole("button", { name: "Add note" }).click();
    const added = await projectUntil("NoteAdded");
    expect(added).toMatchObject({ conversationId, by: account.userId, body: "Owes 40 EUR, ask on Friday" });
    await page.reload();
    await expect.poll(() => noteCards().allTextContents()).toEqual([expect.stringContaining("Owes 40 EUR")]);
    await expect.poll(() => noteCards().first().getByText("never sent").count()).toBe(1);
    // A note is no message: no bubble carries it, and no SendReply was queued.
    expect(await page.locator(".bubble").filter({ hasText: "Owes 40 EUR" }).count()).toBe(0);
    expect((await nats.jsm.streams.info(nats.names.commandsStream)).state.messages).toBe(0);

    await noteCards().first().getByText("Edit", { exact: true }).click();
    await noteCards().first().getByRole("textbox").fill("Paid on Friday");
    await noteCards().first().getByRole("button", { name: "Save note" }).click();
    expect(await projectUntil("NoteEdited")).toMatchObject({ noteId: (added as { noteId: string }).noteId });
    await page.reload();
    await expect.poll(() => noteCards().allTextContents()).toEqual([expect.stringContaining("Paid on Friday")]);
    await noteCards().first().getByText("edited").waitFor();

    await noteCards().first().getByRole("button", { name: "Delete note" }).click();
    await projectUntil("NoteDeleted");
    await page.reload();
    await expect.poll(() => noteCards().count()).toBe(0);
  }, 120_000);

  it("edits the contact's name, email and company, and shows their conversations on every number", async () => {
    const conversationId = f.conversationOf(1);
    await page.goto(`${web.url}/inbox/${conversationId}`);
    await page.locator(".contact-card > summary").click();
    const form = page.getByRole("form", { name: "Contact details" });
    await form.getByLabel("Name").fill("Ana Lima");
    await form.getByLabel("Email").fill("ana@example.com");
    await form.getByLabel("Company").fill("Lima Studio");
    await form.getByRole("button", { name: "Save contact" }).click();
    const updated = await projectUntil("ContactDetailsUpdated");
    expect(updated).toMatchObject({
      by: account.userId,
      details: { name: "Ana Lima", email: "ana@example.com", company: "Lima Studio", notes: null },
    });
    await page.reload();
    await expect.poll(() => page.locator("#conversation-title").textContent()).toBe("Ana Lima");
    await page.locator(".contact-card > summary").click();
    const conversations = page.getByRole("region", { name: "Conversations with this contact" });
    await expect.poll(() => conversations.getByRole("listitem").count()).toBe(2);
    await conversations.getByRole("link").click();
    await page.waitForURL(new RegExp(secondConversation));
    await expect.poll(() => page.locator("#conversation-title").textContent()).toBe("Ana Lima");
  }, 120_000);

  it("adds a note with JavaScript off: the plain form posts", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    try {
      await context.addCookies(await page.context().cookies());
      const plain = await context.newPage();
      plain.setDefaultTimeout(15_000);
      await plain.goto(`${web.url}/inbox/${secondConversation}`);
      await plain.getByText("Add a private note").click();
      await plain.getByRole("textbox", { name: "Private note" }).fill("Written before any script ran");
      await plain.getByRole("button", { name: "Add note" }).click();
      expect(await projectUntil("NoteAdded", secondConversation)).toMatchObject({
        body: "Written before any script ran",
        by: account.userId,
      });
    } finally {
      await context.close();
    }
  }, 120_000);
});
