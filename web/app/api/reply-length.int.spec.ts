import { randomUUID } from "node:crypto";
import { MAX_REPLY_LENGTH } from "@cloudpa/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { seedCustomerConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { sendToConversation } from "./messaging-api.server.ts";

// Twilio refuses a Body past 1,600 characters (21617): the API refuses it first, with its own code.
describe("the send API and the reply limit", () => {
  let t: WebTestContext;
  let account: Account;
  let token: string;
  const conversationId = randomUUID();

  beforeAll(async () => {
    t = await webTestContext();
    account = await createAccount(t.web.db, { email: "a@example.com", password: "a long password", businessName: "A" });
    token = await createApiToken(t.web.db, account, "test");
    await seedCustomerConversation(t.web.db, { orgId: account.orgId, conversationId });
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const send = (text: string) =>
    sendToConversation(
      t.web,
      new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}/send`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ text }),
      }),
      conversationId,
    );
  const commandsAppended = async () => (await t.nats.jsm.streams.info(t.nats.names.commandsStream)).state.messages;

  it("answers 400 REPLY.TOO_LONG naming the limit, and appends nothing, one character past it", async () => {
    const before = await commandsAppended();
    const response = await send("x".repeat(MAX_REPLY_LENGTH + 1));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("REPLY.TOO_LONG");
    expect(body.error.message).toContain("1,600");
    expect(await commandsAppended()).toBe(before);
  });

  it("counts an emoji as two, as Twilio's limit and the composer do", async () => {
    const response = await send(`🙂${"x".repeat(MAX_REPLY_LENGTH - 1)}`);
    expect(response.status).toBe(400);
  });

  it("accepts a reply of exactly the limit", async () => {
    const response = await send("x".repeat(MAX_REPLY_LENGTH));
    expect(response.status).toBe(202);
  });
});
