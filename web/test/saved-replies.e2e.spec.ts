import { openCommand, type SavedReplyEvent } from "@cloudpa/contracts";
import { runNode, type TestKeys, type TestNats } from "@cloudpa/testkit";
import type pg from "pg";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./support/axe.ts";
import { CspGuard } from "./support/csp.ts";
import { untilHydrated } from "./support/phone.ts";
import { markPage, stillMarked } from "./support/same-document.ts";
import { type SeededInbox, seededInbox } from "./support/seeded-inbox.ts";
import type { RunningWeb } from "./support/start-web.ts";

// Saved replies as a user makes and uses them (issue 15): made, edited and deleted in Settings,
// inserted in a conversation by typing "/" and the shortcut (the contact's fields filled, an
// unknown one left as a highlighted blank that holds Send until filled), sent; then the read
// model is rebuilt from the stream by the operator CLI, and the saved reply is still there and
// still inserts. No projector runs: what each click appends is read back from the stream and
// folded into the read model, its checkpoint written and its live notice sent, as the projector
// does (foldAppended). axe-core checks the list open and the blank shown.

let t: SeededInbox;
let nats: TestNats;
let keys: TestKeys;
let web: RunningWeb;
let db: pg.Pool;
let page: Page;
let account: SeededInbox["account"];
let f: SeededInbox["f"];
let projectUntil: SeededInbox["projectUntil"];
const csp = new CspGuard();

beforeAll(async () => {
  // The customer wrote just now: the reply window is open.
  const now = new Date().toISOString();
  t = await seededInbox({
    seed: (f) => [
      f.connected(0),
      { ...f.inbound(1, 1, 10), occurredAt: now, receivedAt: now },
      f.contactDetails(1, 11, { name: "Ana Lima", company: "Lima Studio" }),
    ],
    announce: true,
  });
  ({ nats, keys, web, db, page, account, f, projectUntil } = t);
  await csp.watch(page.context());
}, 300_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await t?.close();
});

const box = () => page.getByRole("textbox", { name: "Your reply" });
const options = () => page.getByRole("listbox", { name: "Saved replies" }).getByRole("option");

async function createSavedReply(name: string, shortcut: string, body: string): Promise<SavedReplyEvent> {
  await page.goto(`${web.url}/settings/saved-replies`);
  const form = page.getByRole("form", { name: "New saved reply" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Shortcut").fill(shortcut);
  await form.getByLabel("Text").fill(body);
  await form.getByRole("button", { name: "Create saved reply" }).click();
  return (await projectUntil("SavedReplyCreated")) as SavedReplyEvent;
}

/** Opens customer 1's conversation, hydrated, and types "/" and `typed` at the start of the reply box. */
async function slash(typed: string) {
  await page.goto(`${web.url}/inbox/${f.conversationOf(1)}`);
  await untilHydrated(page);
  await box().click();
  await page.keyboard.type(`/${typed}`);
}

/** The last SendReply of the org, opened with the keyring (web-signed), once there is one with `text`. */
async function sentReply(text: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const last = await nats.jsm.streams
      .getMessage(nats.names.commandsStream, { last_by_subj: nats.names.sendReplySubject(account.orgId) })
      .catch(() => null);
    const command = last && openCommand(last.data, (n) => last.header.get(n), keys.keyring);
    if (command && "text" in command && command.text === text) return command;
    if (Date.now() > deadline) throw new Error(`no SendReply of ${JSON.stringify(text)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("saved replies in a browser", () => {
  it("made in Settings, inserted with / and filled from the contact, sent, and kept by a rebuild", async () => {
    const body = "Hi {{first_name}}, on my way to {{company}}. Total: {{price}}.";
    const omw = await createSavedReply("On my way", "omw", body);
    expect(omw).toMatchObject({ orgId: account.orgId, by: account.userId, name: "On my way", shortcut: "omw", body });
    const spare = await createSavedReply("Thanks", "thanks", "Thanks {{name}}!");

    // Edit one (its name) and delete the other, in Settings.
    await page.goto(`${web.url}/settings/saved-replies`);
    const edit = page.getByRole("form", { name: "Edit saved reply On my way" });
    await edit.getByLabel("Name").fill("On the way");
    await edit.getByRole("button", { name: "Save", exact: true }).click();
    expect(await projectUntil("SavedReplyEdited")).toMatchObject({
      savedReplyId: omw.savedReplyId,
      name: "On the way",
    });
    await page.goto(`${web.url}/settings/saved-replies`);
    await page.getByRole("button", { name: "Delete saved reply Thanks" }).click();
    expect(await projectUntil("SavedReplyDeleted")).toMatchObject({ savedReplyId: spare.savedReplyId });
    await page.goto(`${web.url}/settings/saved-replies`);
    const listed = page.getByRole("list", { name: "Your saved replies" }).getByRole("listitem");
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.getByLabel("Shortcut").inputValue()).toBe("omw");

    // "/" and the shortcut's start list it; Enter inserts it filled from the contact, the unknown
    // field left blank, selected, highlighted, and holding Send.
    await slash("o");
    expect(await options().allTextContents()).toEqual([expect.stringContaining("/omw On the way")]);
    expect(await box().getAttribute("aria-activedescendant")).toBe(await options().first().getAttribute("id"));
    await expectAccessible(page, "conversation with the saved replies' list open");
    await page.keyboard.press("Enter");
    await expect.poll(() => box().inputValue()).toBe("Hi Ana, on my way to Lima Studio. Total: {{price}}.");
    await expectAccessible(page, "conversation with a saved reply's blank to fill");
    expect(await page.getByRole("listbox", { name: "Saved replies" }).count()).toBe(0);
    expect(await page.locator(".saved-reply-blanks mark").allTextContents()).toEqual(["{{price}}"]);
    expect(await box().evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe(
      "{{price}}",
    );
    await page.getByRole("button", { name: "Send" }).click();
    expect(await page.locator(".bubble-row.pending").count()).toBe(0);
    // Typing replaces the selected blank; then it sends.
    await page.keyboard.type("40 EUR");
    await expect.poll(() => page.locator(".saved-reply-blanks").count()).toBe(0);
    await page.keyboard.press("Enter");
    const sent = "Hi Ana, on my way to Lima Studio. Total: 40 EUR.";
    await page.locator(".bubble-row.pending").getByText(sent).waitFor();
    expect(await sentReply(sent)).toMatchObject({ type: "SendReply", conversationId: f.conversationOf(1) });

    // The button opens the same list; Escape closes it.
    await page.goto(`${web.url}/inbox/${f.conversationOf(1)}`);
    await untilHydrated(page);
    await page.getByRole("button", { name: "Saved replies" }).click();
    await options().first().waitFor();
    await page.keyboard.press("Escape");
    expect(await page.getByRole("listbox", { name: "Saved replies" }).count()).toBe(0);

    // Rebuild the read model from the stream with the operator CLI: the saved reply is still the
    // edited one, the deleted one still gone, and "/" still inserts it.
    const rebuild = await runNode("services/projector/dist/cli.js", ["rebuild"], {
      CLOUDPA_NAMESPACE: nats.names.namespace,
      NATS_URL: nats.url,
      DATABASE_URL: t.database.url,
      EVENT_PUBLIC_KEYS: String(keys.env.EVENT_PUBLIC_KEYS),
      LOG_LEVEL: "warn",
    });
    expect(rebuild, rebuild.stderr).toMatchObject({ status: 0 });
    const rows = await db.query("select id, name, shortcut, body, deleted_at from readmodel.saved_reply order by name");
    expect(rows.rows).toEqual([
      { id: omw.savedReplyId, name: "On the way", shortcut: "omw", body, deleted_at: null },
      { id: spare.savedReplyId, name: "Thanks", shortcut: "thanks", body: "", deleted_at: expect.any(Date) },
    ]);
    await page.goto(`${web.url}/settings/saved-replies`);
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.getByLabel("Name").inputValue()).toBe("On the way");
    await slash("omw");
    await page.keyboard.press("Tab");
    await expect.poll(() => box().inputValue()).toBe("Hi Ana, on my way to Lima Studio. Total: {{price}}.");
  }, 180_000);

  it("follows the projection in Settings: a saved reply made shows once projected, without a reload, and the form is emptied for the next", async () => {
    await page.goto(`${web.url}/settings/saved-replies`);
    await untilHydrated(page);
    await markPage(page);
    const form = page.getByRole("form", { name: "New saved reply" });
    await form.getByLabel("Name").fill("Invoice sent");
    await form.getByLabel("Shortcut").fill("inv");
    await form.getByLabel("Text").fill("Your invoice is on its way.");
    await form.getByRole("button", { name: "Create saved reply" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const made = page.getByRole("form", { name: "Edit saved reply Invoice sent" });
    // Answered as soon as the event is appended: the projector has not made the row yet.
    expect(await made.count()).toBe(0);
    await projectUntil("SavedReplyCreated");
    await made.waitFor();
    expect(await made.getByLabel("Shortcut").inputValue()).toBe("inv");
    expect(await stillMarked(page)).toBe(true);
    // The form is emptied for the next saved reply.
    for (const field of ["Name", "Shortcut", "Text"]) expect(await form.getByLabel(field).inputValue()).toBe("");
  }, 60_000);
});
