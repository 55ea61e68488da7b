import { randomUUID } from "node:crypto";
import { channelIdFor, conversationIdFor, openCommand } from "@cloudpa/contracts";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { sendToConversation } from "#app/api/messaging-api.server.ts";
import { openApiDocument } from "#app/api/openapi.server.ts";
import { registerChannel } from "#app/channels/channels.server.ts";
import { seedConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { listConversationTemplates, startConversationApi } from "./template-api.server.ts";

const simAccount = { accountSid: "AC0123456789abcdef0123456789abcdef", authToken: "f0e1d2c3b4a5968778695a4b3c2d1e0f" };
const NUMBER = "whatsapp:+14155238886";
const CUSTOMER = "whatsapp:+447700900123";

let sim: TwilioSim;
let t: WebTestContext;
let account: Account;
let token: string;
let channelId: string;
const openConversation = randomUUID();
const closedConversation = randomUUID();

beforeAll(async () => {
  sim = await startTwilioSim({ accounts: [simAccount], numbers: [NUMBER] });
  t = await webTestContext({ TWILIO_API_BASE_URL: sim.url });
  account = await createAccount(t.web.db, { email: "tpl@example.com", password: "a long password", businessName: "T" });
  token = await createApiToken(t.web.db, account, "test");
  const record = await registerChannel(
    t.web,
    { orgId: account.orgId, externalPhoneId: NUMBER, connectedBy: account.userId, ...simAccount },
    new Date(),
  );
  channelId = record.channelId;
  const seed = (conversationId: string, customer: string, lastInboundAt: Date) =>
    seedConversation(t.web.db, {
      orgId: account.orgId,
      channelId,
      channelNumber: NUMBER,
      conversationId,
      customer,
      name: customer,
      lastInboundAt,
      messages: [{ id: randomUUID(), direction: "inbound", body: "hello", sentAt: lastInboundAt }],
    });
  await seed(openConversation, CUSTOMER, new Date());
  await seed(closedConversation, "whatsapp:+447700900999", new Date(Date.now() - 30 * 3600_000));
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

const api = (path: string, init: RequestInit & { key?: string } = {}) =>
  new Request(`http://web.test${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...(init.key ? { "idempotency-key": init.key } : {}),
    },
  });
const post = (path: string, body: unknown, key?: string) =>
  api(path, { method: "POST", body: JSON.stringify(body), key });

/**
 * Checks a real response against the OpenAPI document: the operation's schema for its status
 * (draft 2020-12, the document's own dialect, formats checked).
 */
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const document = openApiDocument("http://web.test");
ajv.addSchema({ $id: "openapi", components: document.components });
async function expectDocumented(response: Response, path: string, method: "get" | "post") {
  const operation = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]?.[
    method
  ];
  const described = operation?.responses[String(response.status)] as
    | { content?: { "application/json": { schema: { $ref: string } } } }
    | undefined;
  expect(described, `${method} ${path} documents ${response.status}`).toBeDefined();
  const ref = described?.content?.["application/json"].schema.$ref;
  expect(ref, `${method} ${path} ${response.status} has a JSON body`).toBeDefined();
  const body = await response.clone().json();
  const validate = ajv.compile({ $ref: `openapi${ref}` });
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

async function commandOf(commandId: string) {
  const stored = await t.nats.jsm.streams.getMessage(t.nats.names.commandsStream, {
    last_by_subj: t.nats.names.sendReplySubject(account.orgId),
  });
  if (!stored) throw new Error("no SendReply in the commands stream");
  const command = openCommand(stored.data, (name) => stored.header.get(name), t.keys.keyring);
  expect(command.commandId).toBe(commandId);
  return command;
}

describe("templates in the JSON API", () => {
  const reminder = () => sim.demoTemplateSid("appointment_reminder");
  const variables = { "1": "Grace", "2": "Friday", "3": "9:30" };

  it("lists only the approved templates of the conversation's number, with their variables", async () => {
    const response = await listConversationTemplates(
      t.web,
      api(`/api/v1/messaging/conversations/${openConversation}/templates`),
      openConversation,
    );
    expect(response.status).toBe(200);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/templates", "get");
    const { templates } = (await response.json()) as {
      templates: { name: string; variables: string[]; sendable: boolean }[];
    };
    expect(templates.map((template) => template.name).sort()).toEqual([
      "appointment_reminder",
      "follow_up",
      "quote_ready",
    ]);
    expect(templates.every((template) => template.sendable)).toBe(true);
    expect(templates.find((template) => template.name === "appointment_reminder")?.variables).toEqual(["1", "2", "3"]);
    const missing = await listConversationTemplates(
      t.web,
      api(`/api/v1/messaging/conversations/${randomUUID()}/templates`),
      randomUUID(),
    );
    expect(missing.status).toBe(404);
  });

  it("refuses free text to a closed window at once: 409 REPLY.WINDOW_CLOSED naming the template path, nothing appended", async () => {
    const before = (await t.nats.jsm.streams.info(t.nats.names.commandsStream)).state.messages;
    const response = await sendToConversation(
      t.web,
      post(`/api/v1/messaging/conversations/${closedConversation}/send`, { text: "still there?" }),
      closedConversation,
    );
    expect(response.status).toBe(409);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/send", "post");
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("REPLY.WINDOW_CLOSED");
    expect(error.message).toContain(`/api/v1/messaging/conversations/${closedConversation}/templates`);
    expect(error.message).toContain('"template"');
    expect((await t.nats.jsm.streams.info(t.nats.names.commandsStream)).state.messages).toBe(before);
  });

  it("sends a template to the closed window: 202, the command carries the sid, the variables and the rendered text", async () => {
    const response = await sendToConversation(
      t.web,
      post(
        `/api/v1/messaging/conversations/${closedConversation}/send`,
        { template: { contentSid: reminder(), variables } },
        "tpl-1",
      ),
      closedConversation,
    );
    expect(response.status).toBe(202);
    await expectDocumented(response, "/api/v1/messaging/conversations/{id}/send", "post");
    const accepted = (await response.json()) as { commandId: string; duplicate: boolean };
    expect(accepted.duplicate).toBe(false);
    const command = await commandOf(accepted.commandId);
    expect(command).toMatchObject({
      conversationId: closedConversation,
      template: { contentSid: reminder(), variables },
      text: "Hi Grace, a reminder of your appointment on Friday at 9:30. Reply here to confirm or to move it.",
    });
    const again = await sendToConversation(
      t.web,
      post(
        `/api/v1/messaging/conversations/${closedConversation}/send`,
        { template: { contentSid: reminder(), variables } },
        "tpl-1",
      ),
      closedConversation,
    );
    expect(await again.json()).toMatchObject({ commandId: accepted.commandId, duplicate: true });
  });

  it("refuses a template that is not approved (422), missing variables (400), and a body that is two kinds at once (400)", async () => {
    const send = (body: unknown) =>
      sendToConversation(
        t.web,
        post(`/api/v1/messaging/conversations/${openConversation}/send`, body),
        openConversation,
      );
    const pending = await send({
      template: { contentSid: sim.demoTemplateSid("seasonal_offer"), variables: { "1": "a", "2": "b", "3": "c" } },
    });
    expect(pending.status).toBe(422);
    await expectDocumented(pending, "/api/v1/messaging/conversations/{id}/send", "post");
    expect(await pending.json()).toMatchObject({ error: { code: "TEMPLATE.NOT_SENDABLE" } });
    const unknown = await send({ template: { contentSid: `HX${"0".repeat(32)}`, variables: {} } });
    expect(unknown.status).toBe(422);
    const incomplete = await send({ template: { contentSid: reminder(), variables: { "1": "Grace" } } });
    expect(incomplete.status).toBe(400);
    await expectDocumented(incomplete, "/api/v1/messaging/conversations/{id}/send", "post");
    expect(await incomplete.json()).toMatchObject({ error: { code: "TEMPLATE.VARIABLES_MISSING" } });
    const both = await send({ text: "hi", template: { contentSid: reminder(), variables } });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ error: { code: "REQUEST.INVALID" } });
    const badSid = await send({ template: { contentSid: "HX123", variables: {} } });
    expect(badSid.status).toBe(400);
  });

  it("starts a conversation with a new number: 202 with the conversation id of (channel, customer) and a recipient in the command", async () => {
    const to = "whatsapp:+447700900555";
    const response = await startConversationApi(
      t.web,
      post(
        "/api/v1/messaging/conversations",
        { to, template: { contentSid: sim.demoTemplateSid("follow_up"), variables: { "1": "Alan" } } },
        "new-1",
      ),
    );
    expect(response.status).toBe(202);
    await expectDocumented(response, "/api/v1/messaging/conversations", "post");
    const started = (await response.json()) as { commandId: string; conversationId: string };
    expect(started.conversationId).toBe(conversationIdFor(channelIdFor(account.orgId, NUMBER), to));
    const command = await commandOf(started.commandId);
    expect(command).toMatchObject({
      conversationId: started.conversationId,
      recipient: { channelId, from: NUMBER, to },
      text: "Hi Alan, it has been a while since we last spoke. Is there anything I can help you with?",
    });
    const unknownChannel = await startConversationApi(
      t.web,
      post("/api/v1/messaging/conversations", {
        to,
        channelId: randomUUID(),
        template: { contentSid: reminder(), variables },
      }),
    );
    expect(unknownChannel.status).toBe(404);
    await expectDocumented(unknownChannel, "/api/v1/messaging/conversations", "post");
    expect(await unknownChannel.json()).toMatchObject({ error: { code: "CHANNEL.NOT_FOUND" } });
    const notHandle = await startConversationApi(
      t.web,
      post("/api/v1/messaging/conversations", { to: "+447700900555", template: { contentSid: reminder(), variables } }),
    );
    expect(notHandle.status).toBe(400);
  });
});
