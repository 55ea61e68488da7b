// Settings › Notifications' subscribe action, as the browser posts a PushSubscription: the web
// keeps only endpoints at the push services it may POST to (WEB_PUSH_SERVICE_HOSTS), since a
// signed-in user can post any URL as an endpoint and the web would then send requests there.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createSession } from "#app/accounts/sessions.server.ts";
import { action } from "#app/routes/settings.notifications.tsx";
import { answerOf, formPost } from "#test/support/form-post.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { listPushDevices } from "./push-subscriptions.server.ts";

let t: WebTestContext;
beforeAll(async () => {
  t = await webTestContext();
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
});

const keys = { p256dh: Buffer.alloc(65, 4).toString("base64url"), auth: Buffer.alloc(16, 1).toString("base64url") };
const subscribe = (session: string, endpoint: string) =>
  answerOf(
    action(
      formPost(
        t.web,
        "/settings/notifications",
        { intent: "subscribe", endpoint, ...keys },
        { clientIp: "203.0.113.9", session },
      ),
    ),
  );

describe("subscribing a device to Web Push", () => {
  let account: Account;
  let session: string;
  beforeAll(async () => {
    account = await createAccount(t.web.db, {
      email: `${randomUUID()}@example.com`,
      password: "a quiet harbour at dawn",
      businessName: "Studio",
    });
    session = await createSession(t.web.db, account);
  });

  it("keeps a subscription at a browser's push service", async () => {
    const answer = await subscribe(session, `https://fcm.googleapis.com/fcm/send/${randomUUID()}`);
    expect(answer.status).toBe(200);
    expect((await listPushDevices(t.web.db, account)).map((device) => new URL(device.endpoint).host)).toEqual([
      "fcm.googleapis.com",
    ]);
  });

  it.each([
    ["an internal address", "https://10.0.0.7/admin"],
    ["the machine itself", "https://127.0.0.1:9464/metrics"],
    ["a look-alike host", "https://fcm.googleapis.com.attacker.example/x"],
  ])("refuses %s with 400 and a message, and keeps nothing", async (_what, endpoint) => {
    const before = (await listPushDevices(t.web.db, account)).length;
    const answer = await subscribe(session, endpoint);
    expect(answer.status).toBe(400);
    expect(answer.data).toEqual({
      ok: false,
      message: "This browser's push service is not one Cloud PA sends to (WEB_PUSH_SERVICE_HOSTS).",
      about: "devices",
    });
    expect(await listPushDevices(t.web.db, account)).toHaveLength(before);
  });
});
