import { type ContactErased, contactIdFor, uuidv5 } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider, rejectionsOf } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);

const f = eventFactory();
const other = eventFactory(uuidv5("org:other"));

function erased(factory: typeof f, customerNo: number, second: number): ContactErased {
  return {
    type: "ContactErased",
    version: 1,
    eventId: uuidv5(`erase:${customerNo}:${second}`),
    orgId: factory.orgId,
    occurredAt: factory.at(second),
    contactId: contactIdFor(factory.orgId, factory.customer(customerNo)),
    conversationIds: [factory.conversationOf(customerNo)],
    erasedAt: factory.at(second),
    requestedBy: "user-1",
    erased: { events: 5, commands: 0, outboundRecords: 0 },
  };
}

const history = (factory: typeof f, customerNo: number, n: number) => [
  factory.inbound(n, customerNo, 1),
  factory.replySent(n + 1, customerNo, 2),
  factory.status(factory.sid("SM", 1_000_000 + n + 1), customerNo, "delivered", 3),
  // A status whose message is not projected: pending, by the contact's conversation.
  factory.status(factory.sid("SM", 9_000_000 + n), customerNo, "read", 4),
];

describe("ContactErased", () => {
  it("removes the contact, its conversation, messages and pending statuses, and nothing of other contacts", () => {
    const model = when(...history(f, 7, 10), ...history(f, 8, 20), erased(f, 7, 30));
    expect(rowsOf(model.state.contacts).map((c) => c.handle)).toEqual([f.customer(8)]);
    expect(rowsOf(model.state.conversations).map((c) => c.id)).toEqual([f.conversationOf(8)]);
    expect(rowsOf(model.state.messages).map((m) => m.conversationId)).toEqual([
      f.conversationOf(8),
      f.conversationOf(8),
    ]);
    expect(rowsOf(model.state.pendingStatuses).map((p) => p.conversationId)).toEqual([f.conversationOf(8)]);
    expect(model.state.takeChanged().erasedContacts).toEqual([
      { orgId: f.orgId, contactId: contactIdFor(f.orgId, f.customer(7)), conversationIds: [f.conversationOf(7)] },
    ]);
  });

  it("removes the contact's details and the private notes of their conversations, and no other's (issue 15)", () => {
    const model = when(
      ...history(f, 7, 10),
      ...history(f, 8, 20),
      f.contactDetails(7, 25, { name: "Ana Lima", email: "ana@example.com" }),
      f.note("NoteAdded", 7, 1, 26),
      f.note("NoteAdded", 8, 2, 27),
      erased(f, 7, 30),
    );
    expect(rowsOf(model.state.notes).map((n) => n.conversationId)).toEqual([f.conversationOf(8)]);
    expect(rowsOf(model.state.contacts).map((c) => c.name)).toEqual([null]);
    const again = when(...history(f, 7, 10), f.note("NoteAdded", 7, 1, 26), erased(f, 7, 30), f.inbound(50, 7, 40));
    expect(rowsOf(again.state.notes)).toEqual([]);
    expect(rowsOf(again.state.contacts)).toMatchObject([{ handle: f.customer(7), name: null, email: null }]);
  });

  it("touches only its own org's rows, even under the same ids", () => {
    const forged = { ...erased(f, 7, 30), orgId: other.orgId };
    const model = when(...history(f, 7, 10), forged);
    expect(rowsOf(model.state.contacts)).toHaveLength(1);
    expect(rowsOf(model.state.messages)).toHaveLength(2);
  });

  it("lets the customer start afresh when they write again after the erasure", () => {
    const model = when(...history(f, 7, 10), erased(f, 7, 30), f.inbound(50, 7, 40, { body: "hello again" }));
    expect(rowsOf(model.state.messages).map((m) => m.body)).toEqual(["hello again"]);
    expect(rowsOf(model.state.conversations)).toMatchObject([{ id: f.conversationOf(7), unreadCount: 1 }]);
    const changed = model.state.takeChanged();
    expect(changed.messages.map((m) => m.body)).toEqual(["hello again"]);
    expect(changed.erasedContacts).toHaveLength(1);
  });

  it("erases nothing more the second time, and a contact never seen is no error", () => {
    const model = when(...history(f, 8, 20), erased(f, 7, 30), erased(f, 7, 31));
    expect(rejectionsOf(model.decisions)).toEqual([]);
    expect(rowsOf(model.state.contacts)).toHaveLength(1);
    expect(rowsOf(model.state.messages)).toHaveLength(2);
  });
});
