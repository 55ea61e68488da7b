import { randomUUID } from "node:crypto";
import { type CloudpaEvent, contactIdFor, openEvent } from "@cloudpa/contracts";
import { nextStoredMessage } from "@cloudpa/kit";
import {
  addRowKeysOf,
  emptyRowKeys,
  foldEvent,
  loadRows,
  ReadModelWorkspace,
  writeChangedRows,
} from "@cloudpa/read-model";
import { eventFactory } from "@cloudpa/read-model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { appendProjected } from "#app/admin/testing/append-projected.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { exportContact } from "./contact-export.server.ts";
import { eraseContactResponse } from "./erasure-api.server.ts";

// Private notes and contact details are personal data (issue 15, docs/decisions/010): the export
// carries them, and erasing the contact erases their events from the stream and their rows from
// the read model, and no other contact's.

let t: WebTestContext;
let account: Account;
let token: string;
const f = eventFactory(randomUUID());
const erasedContact = () => contactIdFor(f.orgId, f.customer(5));

beforeAll(async () => {
  t = await webTestContext();
  account = await createAccount(t.web.db, {
    email: "erase-notes@example.com",
    password: "a long password",
    businessName: "Erase notes",
    orgId: f.orgId,
  });
  token = await createApiToken(t.web.db, account, "test");
  await appendProjected(t.nats, t.keys, t.web.db, [
    f.connected(0),
    f.inbound(1, 5, 1),
    f.inbound(2, 6, 2),
    f.note("NoteAdded", 5, 1, 3, { by: account.userId, body: "lives at 12 Rua Augusta" }),
    f.note("NoteAdded", 6, 2, 4, { by: account.userId, body: "another customer's note" }),
    f.contactDetails(5, 5, { name: "Ana Lima", email: "ana@example.com", company: "Lima Studio", notes: "VIP" }),
    f.label("LabelCreated", 1, 6, { name: "Quote sent", colour: "green" }),
    f.label("LabelCreated", 2, 7, { name: "Another's", colour: "red" }),
    f.label("LabelCreated", 3, 8, { name: "Unused", colour: "blue" }),
    f.labelled("ConversationLabelled", 5, 1, 9),
    f.labelled("ConversationLabelled", 6, 2, 10),
  ]);
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

/** The types of the events stored, in order. */
async function storedTypes(): Promise<string[]> {
  const jsm = await t.web.js.jetstreamManager();
  const found: string[] = [];
  for (let seq = 1; ; ) {
    const message = await nextStoredMessage(jsm, t.nats.names.eventsStream, seq, t.nats.names.eventsSubjects);
    if (!message) return found;
    found.push(JSON.parse(Buffer.from(message.data).toString("utf8")).type);
    seq = message.seq + 1;
  }
}

async function project(events: CloudpaEvent[]) {
  const workspace = new ReadModelWorkspace();
  const keys = emptyRowKeys();
  for (const event of events) addRowKeysOf(keys, event);
  await loadRows(t.web.db, "readmodel", workspace, keys);
  for (const event of events) foldEvent(workspace, event);
  await writeChangedRows(t.web.db, "readmodel", workspace.takeChanged());
}

describe("erasing a contact with notes and details (issue 15)", () => {
  it("exports the contact's details and the notes of their conversations", async () => {
    const file = await exportContact(t.web, f.orgId, erasedContact());
    expect(file?.contact).toMatchObject({
      name: "Ana Lima",
      email: "ana@example.com",
      company: "Lima Studio",
      notes: "VIP",
    });
    expect(file?.notes.map((note) => note.body)).toEqual(["lives at 12 Rua Augusta"]);
    // The labels on their conversations only: not another customer's, not one on no conversation.
    expect(file?.labels).toEqual([
      { id: f.labelId(1), name: "Quote sent", colour: "green", conversationIds: [f.conversationOf(5)] },
    ]);
  });

  it("erases their notes and details from the stream and the read model, and keeps another contact's", async () => {
    const response = await eraseContactResponse(
      t.web,
      new Request(`http://web.test/api/v1/messaging/contacts/${erasedContact()}/erase`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ confirm: f.customer(5).replace("whatsapp:", "") }),
      }),
      erasedContact(),
    );
    expect(response.status).toBe(200);
    const { recordSeq } = (await response.json()) as { recordSeq: number };
    // The org's labels stay, and so does the label on the other customer's conversation.
    expect(await storedTypes()).toEqual([
      "ChannelConnected",
      "InboundMessageReceived",
      "NoteAdded",
      "LabelCreated",
      "LabelCreated",
      "LabelCreated",
      "ConversationLabelled",
      "ContactErased",
    ]);

    const jsm = await t.web.js.jetstreamManager();
    const record = await jsm.streams.getMessage(t.nats.names.eventsStream, { seq: recordSeq });
    await project([openEvent(record?.data ?? new Uint8Array(), (name) => record?.header.get(name), t.keys.keyring)]);
    const notes = await t.web.db.query("select body from readmodel.conversation_note where org_id = $1", [f.orgId]);
    expect(notes.rows).toEqual([{ body: "another customer's note" }]);
    const contacts = await t.web.db.query("select id, name, email from readmodel.contact where org_id = $1", [f.orgId]);
    expect(contacts.rows).toEqual([{ id: contactIdFor(f.orgId, f.customer(6)), name: null, email: null }]);
  });
});
