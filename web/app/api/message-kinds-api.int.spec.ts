import { type CloudpaEvent, contactIdFor } from "@cloudpa/contracts";
import {
  addRowKeysOf,
  emptyRowKeys,
  foldEvent,
  loadRows,
  ReadModelWorkspace,
  writeChangedRows,
} from "@cloudpa/read-model";
import { eventFactory, KIND_COUNT, kindFields } from "@cloudpa/read-model/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { exportContact } from "#app/erasure/contact-export.server.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { getConversation } from "./messaging-api.server.ts";
import { openApiDocument } from "./openapi.server.ts";

let t: WebTestContext;
let account: Account;
let token: string;

/** Events through the real projection and store, as the projector writes them. */
async function project(events: CloudpaEvent[]) {
  for (const event of events) {
    const workspace = new ReadModelWorkspace();
    await loadRows(t.web.db, t.web.readModelSchema, workspace, addRowKeysOf(emptyRowKeys(), event));
    foldEvent(workspace, event);
    await writeChangedRows(t.web.db, t.web.readModelSchema, workspace.takeChanged());
  }
}

/** A schema of the OpenAPI document, its component $refs resolved, as a zod validator. */
function documentSchema(name: string) {
  const { components } = openApiDocument("http://web.test");
  const json = JSON.parse(JSON.stringify(components.schemas).replaceAll("#/components/schemas/", "#/$defs/"));
  return { json: json[name], zod: z.fromJSONSchema({ ...json[name], $defs: json }) };
}

let f: ReturnType<typeof eventFactory>;
const TEMPLATE = { contentSid: `HX${"5a".repeat(16)}`, variables: { "1": "Ada", "2": "Friday" } };

beforeAll(async () => {
  t = await webTestContext();
  account = await createAccount(t.web.db, {
    email: "kinds@example.com",
    password: "a long password",
    businessName: "K",
  });
  token = await createApiToken(t.web.db, account, "test");
  f = eventFactory(account.orgId);
  const quoted = f.sid("SM", 1);
  await project([
    f.connected(0),
    f.inbound(1, 5, 1, { body: "Can you come Tuesday?" }),
    ...Array.from({ length: KIND_COUNT }, (_, k) => f.inbound(10 + k, 5, 10 + k, kindFields(k, quoted))),
    // A reaction to a message the inbox does not hold.
    f.inbound(30, 5, 30, kindFields(6, f.sid("SM", 999))),
    f.replySent(2, 5, 31),
    // A reply sent as a template: Twilio rendered its variables into the body.
    f.replySent(3, 5, 32, { body: "Hi Ada, see you Friday.", template: TEMPLATE }),
    // A template Twilio refused: still the template the freelancer tried to send, with its failure.
    f.replyFailed(4, 5, 33, {
      reason: "twilio_error",
      errorCode: "63016",
      errorMessage: "outside the allowed window",
      from: f.channelNumber,
      to: f.customer(5),
      body: "Hi Ada, see you Saturday.",
      template: { ...TEMPLATE, variables: { "1": "Ada", "2": "Saturday" } },
    }),
  ]);
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

describe("JSON API: message kinds", () => {
  async function conversation() {
    const response = await getConversation(
      t.web,
      new Request("http://web.test/api/v1/messaging/conversations/x", {
        headers: { authorization: `Bearer ${token}` },
      }),
      f.conversationOf(5),
    );
    expect(response.status).toBe(200);
    return (await response.json()) as {
      conversation: { messages: (Record<string, unknown> & { id: string; kind: string })[] };
    };
  }

  it("answers what the OpenAPI document describes, for every kind, and nothing it does not", async () => {
    const body = await conversation();
    const parsed = documentSchema("Conversation").zod.safeParse(body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const described = Object.keys(documentSchema("Message").json.properties);
    for (const message of body.conversation.messages) {
      for (const key of Object.keys(message)) expect(described, `Message.${key} is in the document`).toContain(key);
    }
    expect(new Set(body.conversation.messages.map((m) => m.kind))).toEqual(
      new Set(["text", "location", "contacts", "interactive", "media", "reaction", "unsupported", "template"]),
    );
  });

  it("gives each kind its fields: location, contacts, interactive, sticker, unsupported, template, replyTo and reactions", async () => {
    const messages = (await conversation()).conversation.messages;
    const byKind = (kind: string) => messages.filter((m) => m.kind === kind);
    const first = messages.find((m) => m.body === "Can you come Tuesday?");
    expect(byKind("location")[0]).toMatchObject({
      location: { latitude: 51.5033635, longitude: -0.1276248, label: "Office" },
      replyTo: null,
    });
    expect(byKind("contacts")[0]).toMatchObject({ contacts: { mediaIndexes: [0] } });
    expect(byKind("interactive").map((m) => m.interactive)).toEqual([
      { type: "button", text: "Yes, book it", payload: "confirm" },
      { type: "list", text: "Tuesday morning", payload: "slot_tue_am", description: "8:00 to 12:00" },
    ]);
    expect(byKind("media")[0]).toMatchObject({ sticker: true });
    expect(byKind("unsupported")[0]).toMatchObject({ unsupported: { type: "order" } });
    expect(messages.find((m) => m.body === "Yes, that one")).toMatchObject({
      kind: "text",
      replyTo: {
        messageSid: f.sid("SM", 1),
        id: first?.id,
        direction: "inbound",
        kind: "text",
        text: "Can you come Tuesday?",
      },
    });
    // The reaction sits on the message it reacts to; one to a message not held is a reaction message.
    expect(first).toMatchObject({ customerReaction: "👍" });
    expect(byKind("reaction")).toEqual([
      expect.objectContaining({ reaction: { emoji: "👍", messageSid: f.sid("SM", 999) }, replyTo: null }),
    ]);
    const outbound = messages.filter((m) => m.direction === "outbound");
    expect(outbound.find((m) => m.body === "reply 2")).toMatchObject({ kind: "text", customerReaction: null });
    expect(outbound.find((m) => m.body === "reply 2")).not.toHaveProperty("template");
    expect(byKind("template")).toEqual([
      expect.objectContaining({ direction: "outbound", body: "Hi Ada, see you Friday.", template: TEMPLATE }),
      expect.objectContaining({
        direction: "outbound",
        body: "Hi Ada, see you Saturday.",
        template: { ...TEMPLATE, variables: { "1": "Ada", "2": "Saturday" } },
        status: "failed",
        failureReason: "twilio_error",
        errorCode: "63016",
      }),
    ]);
  });

  it("exports each message's kind and its fields with the contact's data", async () => {
    const file = await exportContact(t.web, account.orgId, contactIdFor(account.orgId, f.customer(5)));
    const messages = file?.conversations[0]?.messages ?? [];
    expect(messages.find((m) => m.kind === "location")).toMatchObject({
      details: { location: { latitude: 51.5033635, longitude: -0.1276248, label: "Office" } },
    });
    expect(messages.find((m) => m.body === "Yes, that one")).toMatchObject({
      kind: "text",
      replyToSid: f.sid("SM", 1),
    });
    expect(messages.find((m) => m.body === "Can you come Tuesday?")).toMatchObject({ reaction: "👍" });
  });
});
