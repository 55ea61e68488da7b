import type { LabelEvent } from "@cloudpa/contracts";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CspGuard } from "./support/csp.ts";
import { untilHydrated } from "./support/phone.ts";
import { markPage, stillMarked } from "./support/same-document.ts";
import { type SeededInbox, seededInbox } from "./support/seeded-inbox.ts";
import type { RunningWeb } from "./support/start-web.ts";

// Labels as a user makes and uses them (issue 15): made, renamed and deleted in Settings, put on
// and taken off in the conversation header, shown on the inbox's rows, and the inbox filtered by
// one. No projector runs here: what each click appends is read back from the stream and folded
// into the read model, its checkpoint written and its live notice sent, as the projector does
// (foldAppended); Settings follows that without a reload, other pages are loaded again.

let t: SeededInbox;
let web: RunningWeb;
let page: Page;
let account: SeededInbox["account"];
let f: SeededInbox["f"];
let projectUntil: SeededInbox["projectUntil"];
const csp = new CspGuard();

beforeAll(async () => {
  t = await seededInbox({
    seed: (f) => [f.inbound(1, 1, 10), f.inbound(2, 2, 20), f.inbound(3, 3, 30)],
    announce: true,
  });
  ({ web, page, account, f, projectUntil } = t);
  await csp.watch(page.context());
}, 300_000);

afterEach(() => csp.assertNone());

afterAll(async () => {
  await t?.close();
});

const list = () => page.getByRole("list", { name: "Conversations" });
const names = async () =>
  (await list().locator(".conversation-name").allTextContents()).map((name) => name.replace("Pinned: ", "").trim());

async function createLabel(name: string, colour: string): Promise<LabelEvent> {
  await page.goto(`${web.url}/settings/labels`);
  await page.getByLabel("New label").fill(name);
  await page.getByLabel("Colour", { exact: true }).selectOption({ label: colour });
  await page.getByRole("button", { name: "Create label" }).click();
  return (await projectUntil("LabelCreated")) as LabelEvent;
}

async function putOn(customer: number, label: string) {
  await page.goto(`${web.url}/inbox/${f.conversationOf(customer)}`);
  await page.getByLabel("Label to add").selectOption({ label });
  await page.getByRole("button", { name: "Add label" }).click();
  return projectUntil("ConversationLabelled", f.conversationOf(customer));
}

describe("labels in a browser", () => {
  it("makes labels in Settings, puts them on conversations, filters the inbox by one, takes one off and deletes one", async () => {
    const vip = await createLabel("VIP", "Purple");
    expect(vip).toMatchObject({ name: "VIP", colour: "purple", orgId: account.orgId, by: account.userId });
    const invoice = await createLabel("Invoice", "Orange");

    // Rename in Settings.
    await page.goto(`${web.url}/settings/labels`);
    await page.getByLabel("Name of VIP").fill("Top client");
    await page.getByRole("form", { name: "Edit VIP" }).getByRole("button", { name: "Save" }).click();
    expect(await projectUntil("LabelRenamed")).toMatchObject({ labelId: vip.labelId, name: "Top client" });
    await page.reload();
    await page.getByRole("list", { name: "Your labels" }).getByText("Top client", { exact: true }).waitFor();

    // Put on 1 and 3; the rows and the header show them.
    expect(await putOn(1, "Top client")).toMatchObject({ labelId: vip.labelId });
    await putOn(3, "Top client");
    await putOn(3, "Invoice");
    await page.goto(`${web.url}/inbox/${f.conversationOf(3)}`);
    const header = page.getByRole("list", { name: "Labels" });
    expect(await header.locator(".label-chip").allTextContents()).toEqual(["Top client", "Invoice"]);
    await page.goto(`${web.url}/inbox`);
    expect(await names()).toEqual(["Customer 3", "Customer 2", "Customer 1"]);
    expect(await list().locator("li").nth(0).locator(".label-chip").allTextContents()).toEqual([
      "Top client",
      "Invoice",
    ]);

    // Filter by a label: a link, kept in the address.
    await page.getByRole("link", { name: "Label: Top client" }).click();
    await page.waitForURL(new RegExp(`label=${vip.labelId}`));
    await expect.poll(names).toEqual(["Customer 3", "Customer 1"]);
    await page.goto(`${web.url}/inbox?label=${invoice.labelId}`);
    expect(await names()).toEqual(["Customer 3"]);

    // Take one off in the header.
    await page.goto(`${web.url}/inbox/${f.conversationOf(1)}`);
    await page.getByRole("button", { name: "Remove label Top client" }).click();
    expect(await projectUntil("ConversationUnlabelled")).toMatchObject({ conversationId: f.conversationOf(1) });
    await page.goto(`${web.url}/inbox?label=${vip.labelId}`);
    expect(await names()).toEqual(["Customer 3"]);

    // Delete one in Settings: it comes off every conversation.
    await page.goto(`${web.url}/settings/labels`);
    await page.getByRole("button", { name: "Delete label Invoice" }).click();
    expect(await projectUntil("LabelDeleted")).toMatchObject({ labelId: invoice.labelId });
    await page.goto(`${web.url}/inbox`);
    expect(await list().locator("li").nth(0).locator(".label-chip").allTextContents()).toEqual(["Top client"]);
    await page.goto(`${web.url}/settings/labels`);
    expect(await page.getByRole("list", { name: "Your labels" }).locator(".label-chip").allTextContents()).toEqual([
      "Top client",
    ]);
  }, 120_000);

  it("follows the projection in Settings: a label made or renamed shows once projected, without a reload, and the form is emptied for the next", async () => {
    await page.goto(`${web.url}/settings/labels`);
    await untilHydrated(page);
    await markPage(page);
    const yours = page.getByRole("list", { name: "Your labels" });
    await page.getByLabel("New label").fill("Follow up");
    await page.getByRole("button", { name: "Create label" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    // Answered as soon as the event is appended: the projector has not made the row yet.
    expect(await yours.getByText("Follow up", { exact: true }).count()).toBe(0);
    await projectUntil("LabelCreated");
    await yours.getByText("Follow up", { exact: true }).waitFor();
    // The form is emptied for the next label.
    expect(await page.getByLabel("New label").inputValue()).toBe("");

    await page.getByLabel("Name of Follow up").fill("Call back");
    await page.getByRole("form", { name: "Edit Follow up" }).getByRole("button", { name: "Save" }).click();
    await projectUntil("LabelRenamed");
    await yours.getByText("Call back", { exact: true }).waitFor();
    expect(await stillMarked(page)).toBe(true);

    // A name taken is refused, and what was typed stays to be changed.
    await page.getByLabel("New label").fill("call back");
    await page.getByRole("button", { name: "Create label" }).click();
    await page.getByRole("alert").filter({ hasText: "You already have a label of that name." }).waitFor();
    expect(await page.getByLabel("New label").inputValue()).toBe("call back");
  }, 60_000);
});
