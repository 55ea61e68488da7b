import { randomUUID } from "node:crypto";
import { commandIdFor, openCommand, type SendReply } from "@cloudpa/contracts";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { sendToConversation } from "#app/api/messaging-api.server.ts";
import { action as conversationAction } from "#app/routes/inbox.$id.tsx";
import { CSRF_COOKIE, issueCsrfToken } from "#app/security/csrf.server.ts";
import { seedCustomerConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";

// The penetration test's attack: org ids are not secret, so tenant B can compute the commandId
// tenant A's API call with `Idempotency-Key: order-42` would get, and post it from its own inbox.
describe("a command id chosen in one org", () => {
  let t: WebTestContext;
  let alpha: Account;
  let bravo: Account;
  let alphaToken: string;
  const alphaConversation = randomUUID();
  const bravoConversation = randomUUID();

  beforeAll(async () => {
    t = await webTestContext();
    alpha = await createAccount(t.web.db, { email: "a@example.com", password: "a long password", businessName: "A" });
    bravo = await createAccount(t.web.db, { email: "b@example.com", password: "a long password", businessName: "B" });
    alphaToken = await createApiToken(t.web.db, alpha, "test");
    for (const [account, conversationId, number] of [
      [alpha, alphaConversation, "whatsapp:+14155238886"],
      [bravo, bravoConversation, "whatsapp:+14155230001"],
    ] as const) {
      await seedCustomerConversation(t.web.db, { orgId: account.orgId, conversationId, channelNumber: number });
    }
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  /** Posts the inbox's reply form as the signed-in account would. */
  async function postReplyForm(account: Account, conversationId: string, commandId: string, text: string) {
    const session = await createSession(t.web.db, account);
    const csrf = issueCsrfToken(t.web.env.SESSION_SECRET);
    const request = new Request(`http://web.test/inbox/${conversationId}`, {
      method: "POST",
      headers: {
        cookie: `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${csrf}`,
        origin: "http://web.test",
        host: "web.test",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ intent: "reply", commandId, text, csrf }),
    });
    const context = { web: t.web } as unknown as AppLoadContext;
    const result = (await conversationAction({ request, context, params: { id: conversationId } })) as {
      init: ResponseInit | null;
      data: { ok: boolean; commandId?: string };
    };
    return { status: result.init?.status, ...result.data };
  }

  /** The org's SendReply commands in the stream (nobody consumes them in this test). */
  async function commandsOf(orgId: string): Promise<SendReply[]> {
    const stream = await t.nats.jsm.streams.info(t.nats.names.commandsStream);
    const commands: SendReply[] = [];
    for (let seq = stream.state.first_seq; seq <= stream.state.last_seq; seq++) {
      const stored = await t.nats.jsm.streams.getMessage(t.nats.names.commandsStream, { seq });
      if (!stored || stored.subject !== t.nats.names.sendReplySubject(orgId)) continue;
      commands.push(openCommand(stored.data, (name) => stored.header.get(name), t.keys.keyring) as SendReply);
    }
    return commands;
  }

  it("cannot make another org's API reply a duplicate", async () => {
    const alphasCommandId = commandIdFor(alpha.orgId, "order-42");
    const attack = await postReplyForm(bravo, bravoConversation, alphasCommandId, "Gotcha");
    expect(attack.status).toBe(202);

    const response = await sendToConversation(
      t.web,
      new Request(`http://web.test/api/v1/messaging/conversations/${alphaConversation}/send`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${alphaToken}`,
          "content-type": "application/json",
          "idempotency-key": "order-42",
        },
        body: JSON.stringify({ text: "Your order 42 ships today" }),
      }),
      alphaConversation,
    );
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { commandId: string; duplicate: boolean };
    expect(accepted).toMatchObject({ commandId: alphasCommandId, duplicate: false });
    expect(attack.commandId).not.toBe(alphasCommandId);

    const alphas = await commandsOf(alpha.orgId);
    expect(alphas.map((c) => [c.commandId, c.text])).toEqual([[alphasCommandId, "Your order 42 ships today"]]);
    const bravos = await commandsOf(bravo.orgId);
    expect(bravos.map((c) => [c.commandId, c.text])).toEqual([[attack.commandId, "Gotcha"]]);
  });

  it("still makes a double-clicked form one command", async () => {
    const clientId = randomUUID();
    const first = await postReplyForm(alpha, alphaConversation, clientId, "Once");
    const again = await postReplyForm(alpha, alphaConversation, clientId, "Once");
    expect(first.commandId).toBe(commandIdFor(alpha.orgId, clientId));
    expect(again.commandId).toBe(first.commandId);
    expect((await commandsOf(alpha.orgId)).filter((c) => c.text === "Once")).toHaveLength(1);
  });
});
