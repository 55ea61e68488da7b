// The JSON API marks what the auto-replier sent (issue 15, decision 026): a message projected from
// an away message or a greeting carries `automatic` "away" / "greeting", a typed reply and a
// customer's message null; the answer fits the OpenAPI document, which describes the field.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { expectDocumented } from "#test/support/api-documented.ts";
import { seedCustomerConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { getConversation } from "./messaging-api.server.ts";

let t: WebTestContext;
let token: string;
let userId: string;
const conversationId = randomUUID();

beforeAll(async () => {
  t = await webTestContext();
  const account = await createAccount(t.web.db, {
    email: "a@example.com",
    password: "a long password",
    businessName: "A",
  });
  userId = account.userId;
  token = await createApiToken(t.web.db, account, "test");
  const at = (minute: number) => new Date(Date.now() - (10 - minute) * 60_000);
  await seedCustomerConversation(t.web.db, {
    orgId: account.orgId,
    conversationId,
    messages: [
      { id: randomUUID(), direction: "inbound", body: "Hello, are you open?", sentAt: at(1) },
      { id: randomUUID(), direction: "outbound", body: "Hi!", sentAt: at(2), requestedBy: "auto-reply:greeting" },
      { id: randomUUID(), direction: "outbound", body: "Back at 9.", sentAt: at(3), requestedBy: "auto-reply:away" },
      { id: randomUUID(), direction: "outbound", body: "Yes, from 9.", sentAt: at(4), requestedBy: userId },
    ],
  });
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

describe("GET /conversations/{id}: automatic replies", () => {
  it("names the away message and the greeting, and nothing for the rest, as documented", async () => {
    const answer = await getConversation(
      t.web,
      new Request(`http://web.test/api/v1/messaging/conversations/${conversationId}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      conversationId,
    );
    expect(answer.status).toBe(200);
    await expectDocumented(answer, "/api/v1/messaging/conversations/{id}", "get");
    const { conversation } = (await answer.json()) as {
      conversation: { messages: Record<string, unknown>[] };
    };
    expect(conversation.messages.map((m) => [m.body, m.automatic])).toEqual([
      ["Hello, are you open?", null],
      ["Hi!", "greeting"],
      ["Back at 9.", "away"],
      ["Yes, from 9.", null],
    ]);
    // Who asked for a message stays inside: the API gives its kind, not a user's id.
    expect(conversation.messages.every((m) => !("requestedBy" in m))).toBe(true);
  });
});
