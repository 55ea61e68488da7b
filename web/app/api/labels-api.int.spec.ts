import type { LabelEvent } from "@cloudpa/contracts";
import { eventFactory } from "@cloudpa/read-model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { appendProjected } from "#app/admin/testing/append-projected.ts";
import { expectDocumented } from "#test/support/api-documented.ts";
import { appendedEvents } from "#test/support/appended-events.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import {
  conversationLabelResponse,
  createLabelResponse,
  deleteLabelResponse,
  listLabels,
  updateLabelResponse,
} from "./label-api.server.ts";
import { listConversations } from "./messaging-api.server.ts";

// Labels through the JSON API (issue 15): each answer is documented; each write is a web-signed
// event, and once projected the labels and the inbox's label filter follow. Another org's label or
// conversation is 404 and appends nothing.

let t: WebTestContext;
let stream: ReturnType<typeof appendedEvents>;
let account: Account;
let token: string;
let otherToken: string;
let f: ReturnType<typeof eventFactory>;

beforeAll(async () => {
  t = await webTestContext();
  stream = appendedEvents(t.nats, t.keys.keyring, t.web.db);
  account = await createAccount(t.web.db, { email: "a@example.com", password: "a long password", businessName: "A" });
  const other = await createAccount(t.web.db, {
    email: "b@example.com",
    password: "a long password",
    businessName: "B",
  });
  token = await createApiToken(t.web.db, account, "test");
  otherToken = await createApiToken(t.web.db, other, "test");
  f = eventFactory(account.orgId);
  await appendProjected(t.nats, t.keys, t.web.db, [f.inbound(1, 1, 10), f.inbound(2, 2, 20), f.inbound(3, 3, 30)]);
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

function request(path: string, method: string, body?: unknown, bearer = token) {
  return new Request(`http://web.test/api/v1/messaging${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function labels(): Promise<{ id: string; name: string; colour: string }[]> {
  const response = await listLabels(t.web, request("/labels", "GET"));
  expect(response.status).toBe(200);
  await expectDocumented(response, "/api/v1/messaging/labels", "get");
  return ((await response.json()) as { labels: { id: string; name: string; colour: string }[] }).labels;
}

async function listed(query = "", bearer = token) {
  return listConversations(t.web, request(`/conversations${query}`, "GET", undefined, bearer));
}
async function listedIds(query = ""): Promise<string[]> {
  const response = await listed(query);
  expect(response.status).toBe(200);
  return ((await response.json()) as { conversations: { id: string }[] }).conversations.map((c) => c.id);
}

let vip: string;
let invoice: string;

describe("labels through the API", () => {
  it("creates labels: 202 documented, a web-signed LabelCreated each, listed by name once projected", async () => {
    await stream.start();
    const created = await createLabelResponse(t.web, request("/labels", "POST", { name: "VIP", colour: "purple" }));
    expect(created.status).toBe(202);
    await expectDocumented(created, "/api/v1/messaging/labels", "post");
    vip = ((await created.json()) as { labelId: string }).labelId;
    const second = await createLabelResponse(
      t.web,
      request("/labels", "POST", { name: "  Invoice ", colour: "orange" }),
    );
    invoice = ((await second.json()) as { labelId: string }).labelId;
    const events = (await stream.projectAppended()) as LabelEvent[];
    expect(events).toMatchObject([
      { type: "LabelCreated", labelId: vip, orgId: account.orgId, name: "VIP", colour: "purple", by: account.userId },
      { type: "LabelCreated", labelId: invoice, name: "Invoice", colour: "orange" },
    ]);
    expect(await labels()).toMatchObject([
      { id: invoice, name: "Invoice", colour: "orange" },
      { id: vip, name: "VIP", colour: "purple" },
    ]);
  });

  it("refuses a name taken (409, ignoring case) and a bad body (400, 415), documented, appending nothing", async () => {
    const taken = await createLabelResponse(t.web, request("/labels", "POST", { name: "vip", colour: "blue" }));
    expect(taken.status).toBe(409);
    await expectDocumented(taken, "/api/v1/messaging/labels", "post");
    for (const body of [
      {},
      { name: "", colour: "blue" },
      { name: "x".repeat(41), colour: "blue" },
      { name: "A", colour: "magenta" },
      { name: "A", colour: "blue", extra: 1 },
    ]) {
      const response = await createLabelResponse(t.web, request("/labels", "POST", body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      await expectDocumented(response, "/api/v1/messaging/labels", "post");
    }
    const notJson = await createLabelResponse(
      t.web,
      new Request("http://web.test/api/v1/messaging/labels", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
        body: "VIP",
      }),
    );
    expect(notJson.status).toBe(415);
    expect(await stream.appended()).toEqual([]);
  });

  it("puts labels on conversations and filters the inbox by one; takes one off", async () => {
    for (const [customer, label] of [
      [1, vip],
      [3, vip],
      [3, invoice],
    ] as const) {
      const response = await conversationLabelResponse(
        t.web,
        request(`/conversations/${f.conversationOf(customer)}/labels`, "POST", { labelId: label }),
        f.conversationOf(customer),
        "label",
      );
      expect(response.status).toBe(202);
      await expectDocumented(response, "/api/v1/messaging/conversations/{id}/labels", "post");
    }
    const events = await stream.projectAppended();
    expect(events.map((event) => event.type)).toEqual(Array(3).fill("ConversationLabelled"));
    expect(await listedIds(`?label=${vip}`)).toEqual([f.conversationOf(3), f.conversationOf(1)]);
    expect(await listedIds(`?label=${invoice}`)).toEqual([f.conversationOf(3)]);
    const page = (await (await listed()).json()) as { conversations: { id: string; labelIds: string[] }[] };
    expect(page.conversations.find((c) => c.id === f.conversationOf(3))?.labelIds).toEqual([vip, invoice]);
    expect(page.conversations.find((c) => c.id === f.conversationOf(2))?.labelIds).toEqual([]);

    const off = await conversationLabelResponse(
      t.web,
      request(`/conversations/${f.conversationOf(1)}/labels/${vip}`, "DELETE"),
      f.conversationOf(1),
      "unlabel",
      vip,
    );
    expect(off.status).toBe(202);
    await expectDocumented(off, "/api/v1/messaging/conversations/{id}/labels/{labelId}", "delete");
    expect((await stream.projectAppended()).map((event) => event.type)).toEqual(["ConversationUnlabelled"]);
    expect(await listedIds(`?label=${vip}`)).toEqual([f.conversationOf(3)]);
  });

  it("renames and recolours (one event each), then deleting a label takes it off every conversation", async () => {
    const patched = await updateLabelResponse(
      t.web,
      request(`/labels/${vip}`, "PATCH", { name: "Top client", colour: "teal" }),
      vip,
    );
    expect(patched.status).toBe(202);
    await expectDocumented(patched, "/api/v1/messaging/labels/{id}", "patch");
    expect((await stream.projectAppended()).map((event) => event.type)).toEqual(["LabelRenamed", "LabelRecoloured"]);
    expect((await labels()).find((label) => label.id === vip)).toMatchObject({ name: "Top client", colour: "teal" });
    const empty = await updateLabelResponse(t.web, request(`/labels/${vip}`, "PATCH", {}), vip);
    expect(empty.status).toBe(400);
    const clash = await updateLabelResponse(t.web, request(`/labels/${vip}`, "PATCH", { name: "INVOICE" }), vip);
    expect(clash.status).toBe(409);

    const deleted = await deleteLabelResponse(t.web, request(`/labels/${invoice}`, "DELETE"), invoice);
    expect(deleted.status).toBe(202);
    await expectDocumented(deleted, "/api/v1/messaging/labels/{id}", "delete");
    expect((await stream.projectAppended()).map((event) => event.type)).toEqual(["LabelDeleted"]);
    expect((await labels()).map((label) => label.id)).toEqual([vip]);
    const page = (await (await listed()).json()) as { conversations: { id: string; labelIds: string[] }[] };
    expect(page.conversations.find((c) => c.id === f.conversationOf(3))?.labelIds).toEqual([vip]);
    // Its filter now names no label of the account.
    const gone = await listed(`?label=${invoice}`);
    expect(gone.status).toBe(404);
    await expectDocumented(gone.clone(), "/api/v1/messaging/conversations", "get");
  });

  it("answers 404 for another org's label or conversation, and appends nothing", async () => {
    const theirs = [
      await updateLabelResponse(t.web, request(`/labels/${vip}`, "PATCH", { name: "Mine" }, otherToken), vip),
      await deleteLabelResponse(t.web, request(`/labels/${vip}`, "DELETE", undefined, otherToken), vip),
      await conversationLabelResponse(
        t.web,
        request(`/conversations/${f.conversationOf(2)}/labels`, "POST", { labelId: vip }, otherToken),
        f.conversationOf(2),
        "label",
      ),
      await listed(`?label=${vip}`, otherToken),
    ];
    const codes = await Promise.all(
      theirs.map(async (response) => [
        response.status,
        ((await response.json()) as { error: { code: string } }).error.code,
      ]),
    );
    expect(codes).toEqual([
      [404, "LABEL.NOT_FOUND"],
      [404, "LABEL.NOT_FOUND"],
      [404, "CONVERSATION.NOT_FOUND"],
      [404, "LABEL.NOT_FOUND"],
    ]);
    // An unknown label on the account's own conversation, and a label id that is no id.
    const unknown = await conversationLabelResponse(
      t.web,
      request(`/conversations/${f.conversationOf(2)}/labels`, "POST", { labelId: crypto.randomUUID() }),
      f.conversationOf(2),
      "label",
    );
    expect(unknown.status).toBe(404);
    await expectDocumented(unknown, "/api/v1/messaging/conversations/{id}/labels", "post");
    expect((await deleteLabelResponse(t.web, request("/labels/nope", "DELETE"), "nope")).status).toBe(404);
    expect(await stream.appended()).toEqual([]);
  });
});
