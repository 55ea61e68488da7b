import { type CloudpaEvent, channelIdFor, contactIdFor, conversationIdFor, uuidv5 } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider } from "./read-model.decider.js";

const spec = specification(readModelDecider, changesOf);

/** Given these events happened, when these happen: the read model after, and the decisions of the `when` events only. */
function given(...history: CloudpaEvent[]) {
  return {
    when(...events: CloudpaEvent[]) {
      const model = spec.when(...history, ...events);
      return { state: model.state, decisions: model.decisions.slice(history.length) };
    },
  };
}

const f = eventFactory();
const other = eventFactory(uuidv5("org:other"));
const contactOf = (customerNo: number) => contactIdFor(f.orgId, f.customer(customerNo));
type Model = ReturnType<ReturnType<typeof given>["when"]>;
const contact = (model: Model, customerNo = 7) => model.state.contacts.get(contactOf(customerNo));
const conversation = (model: Model, id: string) => model.state.conversations.get(id);

/** Customer 7 on a second number of the same org. */
const secondNumber = "whatsapp:+14155550000";
const secondChannel = channelIdFor(f.orgId, secondNumber);
const onSecondNumber = (second: number) =>
  f.inbound(900, 7, second, {
    channelId: secondChannel,
    to: secondNumber,
    conversationId: conversationIdFor(secondChannel, f.customer(7)),
  });

describe("contact details (issue 15)", () => {
  it("a contact starts with no details, listed by their WhatsApp profile name", () => {
    const model = given().when(f.inbound(1, 7, 10));
    expect(contact(model)).toMatchObject({ name: null, email: null, company: null, notes: null });
    expect(conversation(model, f.conversationOf(7))).toMatchObject({ contactDisplayName: "Customer 7" });
  });

  it("sets name, email, company and notes, and the inbox lists the contact by the name given", () => {
    const model = given(f.inbound(1, 7, 10)).when(
      f.contactDetails(7, 20, { name: "Ana Lima", email: "ana@example.com", company: "Lima Studio", notes: "VIP" }),
    );
    expect(contact(model)).toMatchObject({
      name: "Ana Lima",
      email: "ana@example.com",
      company: "Lima Studio",
      notes: "VIP",
      profileName: "Customer 7",
    });
    expect(conversation(model, f.conversationOf(7))).toMatchObject({ contactDisplayName: "Ana Lima" });
  });

  it("carries the name to each of the contact's conversations it names, on every number of the org", () => {
    const secondId = conversationIdFor(secondChannel, f.customer(7));
    const model = given(f.inbound(1, 7, 10), onSecondNumber(11)).when(
      f.contactDetails(7, 20, { name: "Ana Lima" }, [secondId]),
    );
    expect(conversation(model, f.conversationOf(7))).toMatchObject({ contactDisplayName: "Ana Lima" });
    expect(conversation(model, secondId)).toMatchObject({ contactDisplayName: "Ana Lima" });
  });

  it("keeps the name given when the customer writes again, and clearing it shows the profile name again", () => {
    const kept = given(f.inbound(1, 7, 10), f.contactDetails(7, 20, { name: "Ana Lima", email: "a@b.co" })).when(
      f.inbound(2, 7, 30, { profileName: "ana" }),
    );
    expect(contact(kept)).toMatchObject({ name: "Ana Lima", email: "a@b.co", profileName: "ana" });
    expect(conversation(kept, f.conversationOf(7))).toMatchObject({ contactDisplayName: "Ana Lima" });
    const cleared = given(f.inbound(1, 7, 10), f.contactDetails(7, 20, { name: "Ana Lima" })).when(
      f.contactDetails(7, 30, {}),
    );
    expect(contact(cleared)).toMatchObject({ name: null, email: null });
    expect(conversation(cleared, f.conversationOf(7))).toMatchObject({ contactDisplayName: "Customer 7" });
  });

  it("changes nothing from another org, another contact's conversation, or for an unknown contact", () => {
    const forged = { ...f.contactDetails(7, 20, { name: "Mallory" }), orgId: other.orgId };
    const crossed = { ...f.contactDetails(7, 21, { name: "Crossed" }), conversationId: f.conversationOf(8) };
    const model = given(f.inbound(1, 7, 10), f.inbound(2, 8, 11)).when(
      forged,
      crossed,
      f.contactDetails(9, 22, { name: "Nobody" }),
    );
    expect(model.decisions.flatMap(changesOf)).toEqual([]);
    expect(contact(model)).toMatchObject({ name: null });
    expect(rowsOf(model.state.conversations).map((c) => c.contactDisplayName)).toEqual(["Customer 7", "Customer 8"]);
  });

  it("renames no conversation of another contact, even when the event names it", () => {
    const model = given(f.inbound(1, 7, 10), f.inbound(2, 8, 11)).when(
      f.contactDetails(7, 20, { name: "Ana Lima" }, [f.conversationOf(8)]),
    );
    expect(conversation(model, f.conversationOf(8))).toMatchObject({ contactDisplayName: "Customer 8" });
  });
});
