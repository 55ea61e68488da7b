import {
  type CloudpaEvent,
  type ConversationEventKind,
  type ConversationOrganized,
  openEvent,
} from "@cloudpa/contracts";
import {
  addRowKeysOf,
  emptyRowKeys,
  foldEvent,
  inboxPage,
  loadRows,
  ReadModelWorkspace,
  writeChangedRows,
} from "@cloudpa/read-model";
import { eventFactory } from "@cloudpa/read-model/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { appendProjected } from "#app/admin/testing/append-projected.ts";
import type { OrganizeAction } from "#app/inbox/organize.server.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { listConversations, organizeConversationResponse } from "./messaging-api.server.ts";
import { openApiDocument } from "./openapi.server.ts";

// Archive, snooze and pin through the JSON API (issue 15): each answer is documented, each is a
// web-signed event on the conversation's subject, and once projected the inbox lists accordingly.
// Another org's conversation is 404 and gets no event.

let t: WebTestContext;
let account: Account;
let token: string;
let otherToken: string;
let f: ReturnType<typeof eventFactory>;

beforeAll(async () => {
  t = await webTestContext();
  account = await createAccount(t.web.db, { email: "a@example.com", password: "a long password", businessName: "A" });
  const other = await createAccount(t.web.db, {
    email: "b@example.com",
    password: "a long password",
    businessName: "B",
  });
  token = await createApiToken(t.web.db, account, "test");
  otherToken = await createApiToken(t.web.db, other, "test");
  f = eventFactory(account.orgId);
  // Three customers wrote, 1 first and 3 last.
  await appendProjected(t.nats, t.keys, t.web.db, [f.inbound(1, 1, 10), f.inbound(2, 2, 20), f.inbound(3, 3, 30)]);
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const document = openApiDocument("http://web.test");
ajv.addSchema({ $id: "openapi", components: document.components });
async function expectDocumented(response: Response, path: string) {
  const operation = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]
    ?.post;
  const described = operation?.responses[String(response.status)] as
    | { content?: { "application/json": { schema: { $ref: string } } } }
    | undefined;
  expect(described, `POST ${path} documents ${response.status}`).toBeDefined();
  const ref = described?.content?.["application/json"].schema.$ref;
  const validate = ajv.compile({ $ref: `openapi${ref}` });
  const body = await response.clone().json();
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

function post(conversationId: string, action: OrganizeAction, body?: unknown) {
  const request = new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}/${action}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return organizeConversationResponse(t.web, request, conversationId, action);
}

/** The last event on a conversation's subject of that kind, opened with the keyring (so signed by a trusted key). */
async function lastEvent(conversationId: string, kind: ConversationEventKind): Promise<CloudpaEvent | undefined> {
  const stored = await t.nats.jsm.streams
    .getMessage(t.nats.names.eventsStream, {
      last_by_subj: t.nats.names.conversationEventSubject(account.orgId, conversationId, kind),
    })
    .catch(() => null);
  return stored ? openEvent(stored.data, (name) => stored.header.get(name), t.keys.keyring) : undefined;
}

/** What the projector does with appended events: load the rows they read, fold, write. */
async function project(events: CloudpaEvent[]) {
  const workspace = new ReadModelWorkspace();
  const keys = emptyRowKeys();
  for (const event of events) addRowKeysOf(keys, event);
  await loadRows(t.web.db, "readmodel", workspace, keys);
  for (const event of events) foldEvent(workspace, event);
  await writeChangedRows(t.web.db, "readmodel", workspace.takeChanged());
}

async function listed(
  query = "",
): Promise<{ id: string; pinned: boolean; muted: boolean; mutedUntil: string | null; archivedAt: string | null }[]> {
  const response = await listConversations(
    t.web,
    new Request(`http://web.test/api/v1/messaging/conversations${query}`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  expect(response.status).toBe(200);
  return (
    (await response.json()) as {
      conversations: {
        id: string;
        pinned: boolean;
        muted: boolean;
        mutedUntil: string | null;
        archivedAt: string | null;
      }[];
    }
  ).conversations;
}

describe("keeping the inbox in order through the API", () => {
  it("archives: 202 documented, a web-signed ConversationArchived, and once projected only the archived view lists it", async () => {
    const conversationId = f.conversationOf(2);
    const response = await post(conversationId, "archive");
    expect(response.status).toBe(202);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/archive");
    const body = (await response.json()) as { eventId: string; action: string };
    expect(body.action).toBe("archive");
    const event = (await lastEvent(conversationId, "conversation_archived")) as ConversationOrganized;
    expect(event).toMatchObject({
      type: "ConversationArchived",
      eventId: body.eventId,
      orgId: account.orgId,
      conversationId,
      by: account.userId,
    });
    await project([event]);
    expect((await listed()).map((c) => c.id)).toEqual([f.conversationOf(3), f.conversationOf(1)]);
    const archived = await listed("?view=archived");
    expect(archived.map((c) => c.id)).toEqual([conversationId]);
    expect(archived[0]?.archivedAt).toEqual(event.at);
  });

  it("a new customer message brings the archived conversation back, on top", async () => {
    await appendProjected(t.nats, t.keys, t.web.db, [f.inbound(4, 2, 40)]);
    expect((await listed()).map((c) => c.id)).toEqual([f.conversationOf(2), f.conversationOf(3), f.conversationOf(1)]);
    expect(await listed("?view=archived")).toEqual([]);
  });

  it("pins: pinned conversations come first; unpin puts it back in its place", async () => {
    const conversationId = f.conversationOf(1);
    const response = await post(conversationId, "pin");
    expect(response.status).toBe(202);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/pin");
    await project([(await lastEvent(conversationId, "conversation_pinned")) as CloudpaEvent]);
    const page = await listed();
    expect(page.map((c) => c.id)).toEqual([f.conversationOf(1), f.conversationOf(2), f.conversationOf(3)]);
    expect(page.map((c) => c.pinned)).toEqual([true, false, false]);
    // A page of one walks the same order by cursor, the pinned one first.
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const next = await inboxPage(t.web.db, { orgId: account.orgId, limit: 1, cursor });
      walked.push(...next.conversations.map((c) => c.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(walked).toEqual(page.map((c) => c.id));

    expect((await post(conversationId, "unpin")).status).toBe(202);
    await project([(await lastEvent(conversationId, "conversation_unpinned")) as CloudpaEvent]);
    expect((await listed()).map((c) => c.id)).toEqual([f.conversationOf(2), f.conversationOf(3), f.conversationOf(1)]);
  });

  it("mutes: 202 documented, a web-signed ConversationMuted, listed as muted once projected; unmute ends it", async () => {
    const conversationId = f.conversationOf(2);
    const mutedOf = async () => (await listed()).find((c) => c.id === conversationId)?.muted;
    expect(await mutedOf()).toBe(false);
    const response = await post(conversationId, "mute");
    expect(response.status).toBe(202);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/mute");
    const event = await lastEvent(conversationId, "conversation_muted");
    expect(event).toMatchObject({ type: "ConversationMuted", conversationId, by: account.userId });
    expect(event).not.toHaveProperty("until");
    await project([event as CloudpaEvent]);
    expect(await mutedOf()).toBe(true);

    // A JSON body gives the mute an end; a bad one is refused, documented, with nothing appended.
    const until = new Date(Date.now() + 8 * 3_600_000).toISOString();
    const timed = await post(conversationId, "mute", { until });
    expect(timed.status).toBe(202);
    const timedEvent = await lastEvent(conversationId, "conversation_muted");
    expect(timedEvent).toMatchObject({ type: "ConversationMuted", until });
    await project([timedEvent as CloudpaEvent]);
    expect((await listed()).find((c) => c.id === conversationId)).toMatchObject({ muted: true, mutedUntil: until });
    for (const [body, said] of [
      [{ until: "tonight" }, "Invalid ISO datetime"],
      [{ until: new Date(Date.now() + 400 * 86_400_000).toISOString() }, "a mute reaches at most 366 days ahead"],
    ] as const) {
      const refused = await post(conversationId, "mute", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      await expectDocumented(refused, "/api/v1/messaging/conversations/{id}/mute");
      // The reason, alone: "tonight" is no time, and was also said to reach too far.
      expect(((await refused.clone().json()) as { error: { message: string } }).error.message).toBe(said);
    }
    expect((await lastEvent(conversationId, "conversation_muted"))?.eventId).toBe(timedEvent?.eventId);

    const unmute = await post(conversationId, "unmute");
    expect(unmute.status).toBe(202);
    await expectDocumented(unmute, "/api/v1/messaging/conversations/{id}/unmute");
    await project([(await lastEvent(conversationId, "conversation_unmuted")) as CloudpaEvent]);
    expect(await mutedOf()).toBe(false);
  });

  it("snoozes: hidden until the time, then on top", async () => {
    const conversationId = f.conversationOf(3);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const response = await post(conversationId, "snooze", { until });
    expect(response.status).toBe(202);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/snooze");
    const event = (await lastEvent(conversationId, "conversation_snoozed")) as ConversationOrganized;
    expect(event).toMatchObject({ type: "ConversationSnoozed", until });
    await project([event]);
    expect((await listed()).map((c) => c.id)).toEqual([f.conversationOf(2), f.conversationOf(1)]);
    const later = await inboxPage(t.web.db, { orgId: account.orgId, limit: 10, now: new Date(Date.now() + 7_200_000) });
    expect(later.conversations.map((c) => c.id)).toEqual([
      f.conversationOf(3),
      f.conversationOf(2),
      f.conversationOf(1),
    ]);
    expect(later.conversations[0]?.snoozedUntil).toEqual(new Date(until));
  });

  it("marks unread: 202 documented, a web-signed ConversationMarkedUnread, and once projected one unread, marked", async () => {
    const conversationId = f.conversationOf(1);
    const unreadOf = async () => {
      const request = new Request("http://web.test/api/v1/messaging/conversations", {
        headers: { authorization: `Bearer ${token}` },
      });
      const { conversations } = (await (await listConversations(t.web, request)).json()) as {
        conversations: { id: string; unreadCount: number; markedUnread: boolean }[];
      };
      const { unreadCount, markedUnread } = conversations.find((c) => c.id === conversationId) ?? {};
      return { unreadCount, markedUnread };
    };
    await project([f.read(1, 60)]);
    expect(await unreadOf()).toEqual({ unreadCount: 0, markedUnread: false });
    const response = await post(conversationId, "mark-unread");
    expect(response.status).toBe(202);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/mark-unread");
    const event = await lastEvent(conversationId, "conversation_marked_unread");
    expect(event).toMatchObject({ type: "ConversationMarkedUnread", conversationId, by: account.userId });
    await project([event as CloudpaEvent]);
    expect(await unreadOf()).toEqual({ unreadCount: 1, markedUnread: true });
  });

  it("refuses a snooze without a proper until (400, documented)", async () => {
    for (const body of [
      {},
      { until: "tomorrow" },
      { until: "2026-12-02T10:00:00" },
      { until: "9999-01-01T00:00:00Z" },
    ]) {
      const response = await post(f.conversationOf(1), "snooze", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      await expectDocumented(response, "/api/v1/messaging/conversations/{id}/snooze");
    }
  });

  it("answers 404 for another org's conversation and an unknown one, and appends nothing", async () => {
    const conversationId = f.conversationOf(1);
    const before = (await t.nats.jsm.streams.info(t.nats.names.eventsStream)).state.messages;
    for (const action of ["archive", "unarchive", "pin", "unpin", "snooze", "mark-unread", "mute", "unmute"] as const) {
      // A body where the action reads one (a mute's is optional: `{}` mutes until unmuted).
      const body = { snooze: { until: new Date(Date.now() + 60_000).toISOString() }, mute: {} }[action as string];
      const request = new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}/${action}`, {
        method: "POST",
        headers: { authorization: `Bearer ${otherToken}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const response = await organizeConversationResponse(t.web, request, conversationId, action);
      expect(response.status, action).toBe(404);
      await expectDocumented(response, `/api/v1/messaging/conversations/{id}/${action}`);
      expect(
        (
          await post(
            f.conversationOf(99),
            action,
            action === "snooze" ? { until: new Date().toISOString() } : undefined,
          )
        ).status,
      ).toBe(404);
    }
    expect((await t.nats.jsm.streams.info(t.nats.names.eventsStream)).state.messages).toBe(before);
  });
});
