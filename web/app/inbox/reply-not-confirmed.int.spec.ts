// A reply the composer posts while NATS does not confirm it. The action threw, and the whole page
// gave way to "Something went wrong", though the reply may have been stored after all: a
// freelancer who typed it again sent it twice. Now the reply is marked not confirmed, with Send
// again, and sending the same form again stores it once at most. The JSON API's send answered 500;
// it answers 503 with Retry-After, and the same Idempotency-Key sends it once at most.
import { randomUUID } from "node:crypto";
import { commandIdFor } from "@cloudpa/contracts";
import { endpointOf, infrastructure, type TcpProxy, tcpProxy, viaProxy, waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { createSession } from "#app/accounts/sessions.server.ts";
import { sendToConversation } from "#app/api/messaging-api.server.ts";
import { action as conversationAction } from "#app/routes/inbox.$id.tsx";
import { answerOf, formPost } from "#test/support/form-post.ts";
import { seedCustomerConversation } from "#test/support/read-model-seed.ts";
import { storedSendReplies } from "#test/support/stored-commands.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { NOT_CONFIRMED_RETRY_AFTER_SECONDS, NOT_CONFIRMED_TEXT } from "./unconfirmed-send.server.ts";

describe("a reply NATS does not confirm", () => {
  let proxy: TcpProxy;
  let t: WebTestContext;
  let account: Account;
  let session: string;
  const conversationId = randomUUID();

  beforeAll(async () => {
    const { natsUrl } = await infrastructure();
    proxy = await tcpProxy(endpointOf(natsUrl, 4222));
    t = await webTestContext({ NATS_URL: viaProxy(natsUrl, proxy) });
    account = await createAccount(t.web.db, { email: "n@example.com", password: "a long password", businessName: "N" });
    session = await createSession(t.web.db, account);
    await seedCustomerConversation(t.web.db, { orgId: account.orgId, conversationId });
  }, 120_000);
  afterAll(async () => {
    proxy?.delay(0);
    await t?.cleanup();
    await proxy?.close();
  });

  const postReply = (clientKey: string, text: string) => {
    const args = formPost(
      t.web,
      `/inbox/${conversationId}`,
      { intent: "reply", commandId: clientKey, text },
      { clientIp: "203.0.113.7", session },
    );
    return answerOf(conversationAction({ ...args, params: { id: conversationId } }));
  };

  it("is marked not confirmed with Send again, and sent again it is stored once", async () => {
    const clientKey = randomUUID();
    const commandId = commandIdFor(account.orgId, clientKey);
    // The publish reaches NATS, and is stored, only after the web has stopped waiting for its ack (5 s).
    proxy.delay(7_000);
    const first = await postReply(clientKey, "Tuesday at 10 works");
    expect(first.status).toBe(503);
    expect(first.data).toEqual({ ok: false, retry: true, commandId, error: NOT_CONFIRMED_TEXT });
    await waitFor(async () => (await storedSendReplies(t.nats, t.keys.keyring, account.orgId)).length === 1, {
      timeoutMs: 20_000,
      what: "the unconfirmed reply to be stored after all",
    });

    proxy.delay(0);
    await t.web.nc.flush(); // its ack, held back, has arrived: NATS answers in time again
    const again = await postReply(clientKey, "Tuesday at 10 works");
    expect(again.status).toBe(202);
    expect(again.data).toEqual({ ok: true, commandId });
    const stored = await storedSendReplies(t.nats, t.keys.keyring, account.orgId);
    expect(stored.map((command) => [command.commandId, command.text])).toEqual([[commandId, "Tuesday at 10 works"]]);
  }, 60_000);

  it("answers an API client 503 with Retry-After, and the same Idempotency-Key stores it once", async () => {
    const token = await createApiToken(t.web.db, account, "not confirmed");
    const key = `invoice-${randomUUID()}`;
    const send = () =>
      sendToConversation(
        t.web,
        new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}/send`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
          body: JSON.stringify({ text: "Here is the invoice" }),
        }),
        conversationId,
      );
    const sent = async () =>
      (await storedSendReplies(t.nats, t.keys.keyring, account.orgId)).filter(
        (command) => command.text === "Here is the invoice",
      );
    proxy.delay(7_000);
    const first = await send();
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe(String(NOT_CONFIRMED_RETRY_AFTER_SECONDS));
    const refusal = (await first.json()) as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe("SERVICE.UNAVAILABLE");
    expect(refusal.error.message).toMatch(/same Idempotency-Key: it goes out once at most/);
    await waitFor(async () => (await sent()).length === 1, {
      timeoutMs: 20_000,
      what: "the unconfirmed send to be stored after all",
    });

    proxy.delay(0);
    await t.web.nc.flush();
    const again = await send();
    expect(again.status).toBe(202);
    const accepted = (await again.json()) as { commandId: string };
    expect(accepted.commandId).toBe(commandIdFor(account.orgId, key));
    expect((await sent()).map((command) => command.commandId)).toEqual([accepted.commandId]);
  }, 60_000);
});
