import {
  type CloudpaEvent,
  type ContactDetailsUpdated,
  type ConversationEventKind,
  channelIdFor,
  contactIdFor,
  conversationIdFor,
  MAX_NOTE_LENGTH,
  type NoteAdded,
  openEvent,
} from "@cloudpa/contracts";
import {
  addRowKeysOf,
  emptyRowKeys,
  foldEvent,
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
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { listConversations } from "./messaging-api.server.ts";
import {
  changeNoteResponse,
  getContactResponse,
  listNotesResponse,
  putContactResponse,
} from "./notes-contacts-api.server.ts";
import { openApiDocument } from "./openapi.server.ts";

// Private notes and contact details through the JSON API (issue 15): each answer is documented,
// each change a web-signed event on the conversation's subject, and once projected the API reads
// it back. Another org's conversation, note or contact is 404 and gets no event.

let t: WebTestContext;
let account: Account;
let token: string;
let otherToken: string;
let f: ReturnType<typeof eventFactory>;
/** Customer 1 on a second number of the org. */
let secondConversation: string;

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
  const secondNumber = "whatsapp:+14155550000";
  const secondChannel = channelIdFor(account.orgId, secondNumber);
  secondConversation = conversationIdFor(secondChannel, f.customer(1));
  await appendProjected(t.nats, t.keys, t.web.db, [
    f.connected(0),
    f.inbound(1, 1, 10),
    f.inbound(2, 2, 20),
    f.inbound(3, 1, 30, { channelId: secondChannel, to: secondNumber, conversationId: secondConversation }),
    // A note another user of the org wrote: only they may change it.
    f.note("NoteAdded", 1, 50, 35, { by: "someone-else", body: "theirs" }),
  ]);
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const document = openApiDocument("http://web.test");
ajv.addSchema({ $id: "openapi", components: document.components });
type Operations = Record<string, Record<string, { responses: Record<string, unknown> }>>;
async function expectDocumented(response: Response, method: string, path: string) {
  const described = (document.paths as Operations)[path]?.[method]?.responses[String(response.status)] as
    | { content?: { "application/json": { schema: { $ref: string } } } }
    | undefined;
  expect(described, `${method.toUpperCase()} ${path} documents ${response.status}`).toBeDefined();
  const ref = described?.content?.["application/json"].schema.$ref;
  const validate = ajv.compile({ $ref: `openapi${ref}` });
  const body = await response.clone().json();
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

const NOTES = "/api/v1/messaging/conversations/{id}/notes";
const NOTE = "/api/v1/messaging/conversations/{id}/notes/{noteId}";
const CONTACT = "/api/v1/messaging/contacts/{id}";

function request(method: string, path: string, options: { body?: unknown; bearer?: string; key?: string } = {}) {
  return new Request(`http://web.test${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.bearer ?? token}`,
      ...(options.key ? { "idempotency-key": options.key } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

const addNote = (conversationId: string, body: unknown, options: { bearer?: string; key?: string } = {}) =>
  changeNoteResponse(
    t.web,
    request("POST", `/api/v1/messaging/conversations/${conversationId}/notes`, { body, ...options }),
    conversationId,
    undefined,
  );
const editNote = (conversationId: string, noteId: string, body: unknown, bearer?: string) =>
  changeNoteResponse(
    t.web,
    request("PATCH", `/api/v1/messaging/conversations/${conversationId}/notes/${noteId}`, { body, bearer }),
    conversationId,
    noteId,
  );
const deleteNote = (conversationId: string, noteId: string, bearer?: string) =>
  changeNoteResponse(
    t.web,
    request("DELETE", `/api/v1/messaging/conversations/${conversationId}/notes/${noteId}`, { bearer }),
    conversationId,
    noteId,
  );
const listNotes = (conversationId: string, bearer?: string) =>
  listNotesResponse(
    t.web,
    request("GET", `/api/v1/messaging/conversations/${conversationId}/notes`, { bearer }),
    conversationId,
  );

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

async function notesOf(conversationId: string) {
  const response = await listNotes(conversationId);
  expect(response.status).toBe(200);
  await expectDocumented(response, "get", NOTES);
  return ((await response.json()) as { notes: { id: string; body: string; mine: boolean; editedAt: string | null }[] })
    .notes;
}

const streamLength = async () => (await t.nats.jsm.streams.info(t.nats.names.eventsStream)).state.messages;

describe("private notes through the API", () => {
  it("adds a note: 202 documented, a web-signed NoteAdded, and once projected it is listed as mine", async () => {
    const conversationId = f.conversationOf(1);
    const response = await addNote(conversationId, { body: "owes 40 EUR" }, { key: "note-key-1" });
    expect(response.status).toBe(202);
    await expectDocumented(response, "post", NOTES);
    const body = (await response.json()) as { noteId: string; eventId: string; action: string };
    expect(body.action).toBe("add");
    const event = (await lastEvent(conversationId, "note_added")) as NoteAdded;
    expect(event).toMatchObject({
      type: "NoteAdded",
      eventId: body.eventId,
      orgId: account.orgId,
      conversationId,
      noteId: body.noteId,
      by: account.userId,
      body: "owes 40 EUR",
    });
    await project([event]);
    // The same Idempotency-Key names the same note: a second post adds nothing new.
    const again = await addNote(conversationId, { body: "owes 40 EUR" }, { key: "note-key-1" });
    expect(((await again.json()) as { noteId: string }).noteId).toBe(body.noteId);
    await project([(await lastEvent(conversationId, "note_added")) as CloudpaEvent]);
    const notes = await notesOf(conversationId);
    expect(notes.map((note) => [note.body, note.mine])).toEqual([
      ["theirs", false],
      ["owes 40 EUR", true],
    ]);
    // Never a message: the conversation's messages and preview are the customer's.
    const conversations = (await (
      await listConversations(t.web, request("GET", "/api/v1/messaging/conversations"))
    ).json()) as { conversations: { id: string; lastMessagePreview: string }[] };
    expect(conversations.conversations.find((c) => c.id === conversationId)?.lastMessagePreview).toBe("message 1");
  });

  it("edits and deletes one's own note; another user's note is 403 and unchanged", async () => {
    const conversationId = f.conversationOf(1);
    const mine = (await notesOf(conversationId)).find((note) => note.mine);
    expect(mine).toBeDefined();
    const noteId = mine?.id ?? "";
    const edited = await editNote(conversationId, noteId, { body: "paid" });
    expect(edited.status).toBe(202);
    await expectDocumented(edited, "patch", NOTE);
    await project([(await lastEvent(conversationId, "note_edited")) as CloudpaEvent]);
    expect((await notesOf(conversationId)).find((note) => note.id === noteId)).toMatchObject({ body: "paid" });

    const theirs = f.noteId(50);
    const before = await streamLength();
    const refused = await editNote(conversationId, theirs, { body: "mine now" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("NOTE.NOT_AUTHOR");
    expect((await deleteNote(conversationId, theirs)).status).toBe(403);
    expect(await streamLength()).toBe(before);

    const deleted = await deleteNote(conversationId, noteId);
    expect(deleted.status).toBe(202);
    await expectDocumented(deleted, "delete", NOTE);
    await project([(await lastEvent(conversationId, "note_deleted")) as CloudpaEvent]);
    expect((await notesOf(conversationId)).map((note) => note.body)).toEqual(["theirs"]);
  });

  it("refuses a blank note, one too long and an unknown field (400, documented)", async () => {
    for (const body of [{}, { body: "  " }, { body: "x".repeat(MAX_NOTE_LENGTH + 1) }, { body: "hi", pinned: true }]) {
      const response = await addNote(f.conversationOf(2), body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      await expectDocumented(response, "post", NOTES);
    }
  });
});

describe("contact details through the API", () => {
  const contactId = () => contactIdFor(account.orgId, f.customer(1));
  const put = (body: unknown, bearer?: string, id = contactId()) =>
    putContactResponse(t.web, request("PUT", `/api/v1/messaging/contacts/${id}`, { body, bearer }), id);
  const get = (bearer?: string, id = contactId()) =>
    getContactResponse(t.web, request("GET", `/api/v1/messaging/contacts/${id}`, { bearer }), id);

  it("sets name, email, company and notes: a web-signed event, then the contact and the inbox show them", async () => {
    const response = await put({ name: " Ana Lima ", email: "ana@example.com", company: "Lima Studio", notes: "VIP" });
    expect(response.status).toBe(202);
    await expectDocumented(response, "put", CONTACT);
    const body = (await response.json()) as { eventId: string };
    const events = await Promise.all(
      [f.conversationOf(1), secondConversation].map((id) => lastEvent(id, "contact_details_updated")),
    );
    const event = events.find((one) => one !== undefined) as ContactDetailsUpdated;
    expect(event).toMatchObject({
      type: "ContactDetailsUpdated",
      eventId: body.eventId,
      contactId: contactId(),
      details: { name: "Ana Lima", email: "ana@example.com", company: "Lima Studio", notes: "VIP" },
      by: account.userId,
    });
    expect([...event.conversationIds].sort()).toEqual([f.conversationOf(1), secondConversation].sort());
    await project([event]);

    const read = await get();
    expect(read.status).toBe(200);
    await expectDocumented(read, "get", CONTACT);
    const { contact } = (await read.json()) as {
      contact: { name: string; email: string; company: string; notes: string; conversations: { id: string }[] };
    };
    expect(contact).toMatchObject({ name: "Ana Lima", email: "ana@example.com", company: "Lima Studio", notes: "VIP" });
    // Every conversation of the contact, across the org's numbers, latest first.
    expect(contact.conversations.map((c) => c.id)).toEqual([secondConversation, f.conversationOf(1)]);
    const listed = (await (
      await listConversations(t.web, request("GET", "/api/v1/messaging/conversations"))
    ).json()) as { conversations: { id: string; contactDisplayName: string }[] };
    for (const id of [f.conversationOf(1), secondConversation])
      expect(listed.conversations.find((c) => c.id === id)?.contactDisplayName).toBe("Ana Lima");
  });

  it("clears a detail left out, and refuses a bad email or a name too long (400, documented)", async () => {
    for (const body of [{ email: "not an email" }, { name: "x".repeat(201) }, { phone: "+1" }]) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      await expectDocumented(response, "put", CONTACT);
    }
    expect((await put({ company: "Lima Studio" })).status).toBe(202);
    const events = await Promise.all(
      [f.conversationOf(1), secondConversation].map((id) => lastEvent(id, "contact_details_updated")),
    );
    const latest = events
      .filter((one): one is ContactDetailsUpdated => one !== undefined)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
      .at(-1) as ContactDetailsUpdated;
    expect(latest.details).toEqual({ name: null, email: null, company: "Lima Studio", notes: null });
  });
});

describe("tenants never meet", () => {
  it("answers 404 for another org's conversation, note and contact, and an unknown one, and appends nothing", async () => {
    const before = await streamLength();
    const conversationId = f.conversationOf(1);
    const theirs = f.noteId(50);
    const contactId = contactIdFor(account.orgId, f.customer(1));
    const answers: [Response, string, string][] = [
      [await listNotes(conversationId, otherToken), "get", NOTES],
      [await addNote(conversationId, { body: "hello" }, { bearer: otherToken }), "post", NOTES],
      [await editNote(conversationId, theirs, { body: "x" }, otherToken), "patch", NOTE],
      [await deleteNote(conversationId, theirs, otherToken), "delete", NOTE],
      [await addNote(f.conversationOf(99), { body: "hello" }), "post", NOTES],
      [await editNote(f.conversationOf(2), theirs, { body: "moved" }), "patch", NOTE],
      [
        await getContactResponse(
          t.web,
          request("GET", `/api/v1/messaging/contacts/${contactId}`, { bearer: otherToken }),
          contactId,
        ),
        "get",
        CONTACT,
      ],
      [
        await putContactResponse(
          t.web,
          request("PUT", `/api/v1/messaging/contacts/${contactId}`, { body: { name: "Mallory" }, bearer: otherToken }),
          contactId,
        ),
        "put",
        CONTACT,
      ],
    ];
    for (const [response, method, path] of answers) {
      expect(response.status, `${method} ${path}`).toBe(404);
      await expectDocumented(response, method, path);
    }
    expect(await streamLength()).toBe(before);
  });
});
