import type { SavedReplyEvent } from "@cloudpa/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { expectDocumented } from "#test/support/api-documented.ts";
import { appendedEvents } from "#test/support/appended-events.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import {
  createSavedReplyResponse,
  deleteSavedReplyResponse,
  editSavedReplyResponse,
  listSavedReplies,
} from "./saved-reply-api.server.ts";

// Saved replies through the JSON API (issue 15): each answer is documented; each write is a
// web-signed event, and once projected the list follows. A name or shortcut the org has is 409,
// another org's saved reply 404, and neither appends anything.

let t: WebTestContext;
let stream: ReturnType<typeof appendedEvents>;
let account: Account;
let token: string;
let otherToken: string;

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

interface Listed {
  id: string;
  name: string;
  shortcut: string;
  body: string;
  editedAt: string | null;
}
async function listed(bearer = token): Promise<Listed[]> {
  const response = await listSavedReplies(t.web, request("/saved-replies", "GET", undefined, bearer));
  expect(response.status).toBe(200);
  await expectDocumented(response, "/api/v1/messaging/saved-replies", "get");
  return ((await response.json()) as { savedReplies: Listed[] }).savedReplies;
}

const thanks = { name: "Thanks", shortcut: "thanks", body: "Thanks {{first_name}}, see you {{day}}!" };
let thanksId: string;

describe("saved replies through the API (issue 15)", () => {
  it("creates one: 202 documented, one web-signed SavedReplyCreated, listed once projected", async () => {
    await stream.start();
    const created = await createSavedReplyResponse(t.web, request("/saved-replies", "POST", thanks));
    expect(created.status).toBe(202);
    await expectDocumented(created, "/api/v1/messaging/saved-replies", "post");
    thanksId = ((await created.json()) as { savedReplyId: string }).savedReplyId;
    const events = (await stream.projectAppended()) as SavedReplyEvent[];
    expect(events).toMatchObject([
      { type: "SavedReplyCreated", orgId: account.orgId, savedReplyId: thanksId, by: account.userId, ...thanks },
    ]);
    expect(await listed()).toMatchObject([{ id: thanksId, ...thanks, editedAt: null }]);
    expect(await listed(otherToken)).toEqual([]);
  });

  it("refuses a taken shortcut or name (409), a bad body (400), and appends nothing", async () => {
    const sameShortcut = await createSavedReplyResponse(
      t.web,
      request("/saved-replies", "POST", { ...thanks, name: "Other", shortcut: "THANKS".toLowerCase() }),
    );
    expect(sameShortcut.status).toBe(409);
    await expectDocumented(sameShortcut, "/api/v1/messaging/saved-replies", "post");
    const sameName = await createSavedReplyResponse(
      t.web,
      request("/saved-replies", "POST", { ...thanks, name: "thanks", shortcut: "ty" }),
    );
    expect(((await sameName.json()) as { error: { code: string } }).error.code).toBe("SAVED_REPLY.TAKEN");
    const badShortcut = await createSavedReplyResponse(
      t.web,
      request("/saved-replies", "POST", { ...thanks, shortcut: "Has Space" }),
    );
    expect(badShortcut.status).toBe(400);
    await expectDocumented(badShortcut, "/api/v1/messaging/saved-replies", "post");
    expect(await stream.appended()).toEqual([]);
  });

  it("edits it (PUT): one SavedReplyEdited, nothing when nothing changes; another org's token gets 404", async () => {
    const edit = { name: "Thanks", shortcut: "ty", body: "Thank you, {{name}}." };
    const edited = await editSavedReplyResponse(t.web, request(`/saved-replies/${thanksId}`, "PUT", edit), thanksId);
    expect(edited.status).toBe(202);
    await expectDocumented(edited, "/api/v1/messaging/saved-replies/{id}", "put");
    expect(await stream.projectAppended()).toMatchObject([
      { type: "SavedReplyEdited", savedReplyId: thanksId, ...edit },
    ]);
    const again = await editSavedReplyResponse(t.web, request(`/saved-replies/${thanksId}`, "PUT", edit), thanksId);
    expect(await again.json()).toMatchObject({ eventIds: [] });
    const foreign = await editSavedReplyResponse(
      t.web,
      request(`/saved-replies/${thanksId}`, "PUT", edit, otherToken),
      thanksId,
    );
    expect(foreign.status).toBe(404);
    await expectDocumented(foreign, "/api/v1/messaging/saved-replies/{id}", "put");
    expect(await stream.appended()).toEqual([]);
    expect(await listed()).toMatchObject([{ id: thanksId, ...edit }]);
  });

  it("deletes it: 202, gone from the list once projected, its shortcut free again; a second delete is 404", async () => {
    const foreign = await deleteSavedReplyResponse(
      t.web,
      request(`/saved-replies/${thanksId}`, "DELETE", undefined, otherToken),
      thanksId,
    );
    expect(foreign.status).toBe(404);
    const deleted = await deleteSavedReplyResponse(t.web, request(`/saved-replies/${thanksId}`, "DELETE"), thanksId);
    expect(deleted.status).toBe(202);
    await expectDocumented(deleted, "/api/v1/messaging/saved-replies/{id}", "delete");
    expect(await stream.projectAppended()).toMatchObject([{ type: "SavedReplyDeleted", savedReplyId: thanksId }]);
    expect(await listed()).toEqual([]);
    const twice = await deleteSavedReplyResponse(t.web, request(`/saved-replies/${thanksId}`, "DELETE"), thanksId);
    expect(twice.status).toBe(404);
    const reused = await createSavedReplyResponse(
      t.web,
      request("/saved-replies", "POST", { ...thanks, shortcut: "ty" }),
    );
    expect(reused.status).toBe(202);
  });
});
