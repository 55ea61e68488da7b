import { randomUUID } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { loader } from "#app/routes/inbox.drafts.ts";
import { seedConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { DRAFTS_ASKED_AT_ONCE, DRAFTS_KEPT_PATH } from "./drafts-kept.ts";

let t: WebTestContext;
let account: Account;
let cookie: string;
const kept = randomUUID();
const othersConversation = randomUUID();

beforeAll(async () => {
  t = await webTestContext();
  account = await createAccount(t.web.db, {
    email: "drafts-kept@example.com",
    password: "a calm inbox 2026",
    businessName: "Drafts kept",
  });
  cookie = `${SESSION_COOKIE}=${await createSession(t.web.db, account)}`;
  const other = await createAccount(t.web.db, {
    email: "drafts-other@example.com",
    password: "a calm inbox 2026",
    businessName: "Other",
  });
  for (const [orgId, conversationId, customer] of [
    [account.orgId, kept, "whatsapp:+447700900301"],
    [other.orgId, othersConversation, "whatsapp:+447700900302"],
  ] as const) {
    await seedConversation(t.web.db, {
      orgId,
      channelId: randomUUID(),
      channelNumber: "whatsapp:+14155238886",
      conversationId,
      customer,
      name: "Someone",
      lastInboundAt: new Date(),
      messages: [{ id: randomUUID(), direction: "inbound", body: "hello", sentAt: new Date() }],
    });
  }
});
afterAll(async () => {
  await t?.cleanup();
});

async function ask(query: string, headers: Record<string, string> = { cookie }) {
  const request = new Request(`http://localhost${DRAFTS_KEPT_PATH}?${query}`, { headers });
  return (await loader({ request, context: { web: t.web, clientIp: "" }, params: {} } as LoaderFunctionArgs).catch(
    (thrown: unknown) => thrown,
  )) as Response;
}

describe("which conversations a device keeps drafts to are still there", () => {
  it("answers the org's own that are left: not an erased one, not another org's", async () => {
    const gone = randomUUID();
    const answer = await ask(`id=${kept}&id=${gone}&id=${othersConversation}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    expect(await answer.json()).toEqual({ kept: [kept] });
  });

  it("refuses what is not a list of conversations, saying why", async () => {
    for (const [query, message] of [
      ["", "Name a conversation with ?id="],
      ["id=not-a-uuid", "Each id is a conversation's UUID"],
      [
        Array.from({ length: DRAFTS_ASKED_AT_ONCE + 1 }, () => `id=${randomUUID()}`).join("&"),
        `At most ${DRAFTS_ASKED_AT_ONCE} conversations at once`,
      ],
    ]) {
      const answer = await ask(query ?? "");
      expect(answer.status).toBe(400);
      expect(await answer.json()).toEqual({ message });
    }
  });

  it("sends a device without a session to log in", async () => {
    const answer = await ask(`id=${kept}`, {});
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});
