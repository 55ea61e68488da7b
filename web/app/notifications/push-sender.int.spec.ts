import { randomUUID } from "node:crypto";
import { generateVapidPrivateKey, type InboundMessageReceived, vapidKeysOf } from "@cloudpa/contracts";
import { appendSigned, createLogger } from "@cloudpa/kit";
import {
  type TestDatabase,
  type TestKeys,
  type TestNats,
  testDatabase,
  testKeys,
  testNats,
  waitFor,
} from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { type PushEndpoint, startPushEndpoint } from "#test/support/push-endpoint.ts";
import { migrateAll, seedConversation } from "#test/support/read-model-seed.ts";
import { saveNotificationSettings } from "./notification-settings.server.ts";
import { DEFAULT_NOTIFICATION_SETTINGS } from "./notification-settings.ts";
import { NO_PREVIEW } from "./push-payload.ts";
import { PushSender, type PushSenderOptions } from "./push-sender.server.ts";
import { listPushDevices, savePushSubscription } from "./push-subscriptions.server.ts";

let database: TestDatabase;
let nats: TestNats;
let keys: TestKeys;
let db: pg.Pool;
let endpoint: PushEndpoint;
const vapid = { ...vapidKeysOf(generateVapidPrivateKey()), subject: "mailto:push-test@example.com" };
const running: PushSender[] = [];

beforeAll(async () => {
  [database, nats, endpoint] = await Promise.all([testDatabase(), testNats(), startPushEndpoint()]);
  keys = testKeys();
  await migrateAll(database.url);
  db = new pg.Pool({ connectionString: database.url, max: 4 });
}, 90_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((sender) => sender.stop()));
});

afterAll(async () => {
  await db?.end();
  await endpoint?.close();
  await nats?.cleanup();
  await database?.drop();
});

async function startSender(overrides: Partial<PushSenderOptions> = {}): Promise<PushSender> {
  const sender = new PushSender({
    js: nats.js,
    jsm: nats.jsm,
    names: nats.names,
    db,
    readModelSchema: "readmodel",
    logger: createLogger("push-test", "silent"),
    keyring: keys.keyring,
    vapid,
    retryBaseDelayMs: 50,
    agent: endpoint.agent,
    serviceHosts: ["127.0.0.1"],
    ...overrides,
  });
  await sender.start();
  running.push(sender);
  return sender;
}

function newAccount(): Promise<Account> {
  return createAccount(db, {
    email: `${randomUUID()}@example.com`,
    password: "correct horse battery",
    businessName: "Ada Studio",
  });
}

function customerMessage(orgId: string, body: string): InboundMessageReceived {
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: randomUUID(),
    orgId,
    occurredAt: new Date().toISOString(),
    channelId: randomUUID(),
    conversationId: randomUUID(),
    messageSid: `SM${randomUUID().replace(/-/g, "")}`,
    accountSid: "AC0123456789abcdef0123456789abcdef",
    from: "whatsapp:+447700900123",
    to: "whatsapp:+14155238886",
    profileName: "Grace Hopper",
    body,
    media: [],
    receivedAt: new Date().toISOString(),
    extraParams: {},
  };
}

const pushesTo = (path: string) => endpoint.received.filter((push) => push.path === path);

describe("Web Push of new customer messages", () => {
  it("pushes each customer message once, encrypted for the device: sender and preview, tap target, event topic", async () => {
    const account = await newAccount();
    const phone = endpoint.device(`/phone-${randomUUID()}`);
    await savePushSubscription(db, account, phone, "Ada's phone");
    await startSender();

    const event = customerMessage(account.orgId, "Can we move Friday's call?");
    await appendSigned(nats.js, nats.names, event, keys.signing.ingress);

    const [push] = await waitFor(
      () => pushesTo(new URL(phone.endpoint).pathname).length === 1 && pushesTo(new URL(phone.endpoint).pathname),
      {
        what: "the push at the device's endpoint",
      },
    );
    expect(push!.headers["content-encoding"]).toBe("aes128gcm");
    expect(push!.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`),
    );
    expect(push!.headers.topic).toMatch(/^[\w-]{32}$/);
    expect(JSON.parse(phone.decrypt(push!))).toMatchObject({
      title: "Grace Hopper",
      body: "Can we move Friday's call?",
      url: `/inbox/${event.conversationId}`,
    });
    // Recorded after the push service accepted it: a redelivery of the event will not push it again.
    const [device] = await waitFor(
      async () => {
        const devices = await listPushDevices(db, account);
        return devices[0]?.lastPushedAt ? devices : undefined;
      },
      { what: "the push recorded" },
    );
    expect(device?.lastPushedAt).toBeInstanceOf(Date);
  });

  it("leaves the message out when the user turned previews off", async () => {
    const account = await newAccount();
    await saveNotificationSettings(db, account.userId, { ...DEFAULT_NOTIFICATION_SETTINGS, pushPreview: false });
    const phone = endpoint.device(`/private-${randomUUID()}`);
    await savePushSubscription(db, account, phone, "Private phone");
    await startSender();

    await appendSigned(nats.js, nats.names, customerMessage(account.orgId, "my secret address"), keys.signing.ingress);

    const path = new URL(phone.endpoint).pathname;
    const [push] = await waitFor(() => pushesTo(path).length === 1 && pushesTo(path), { what: "the push" });
    const shown = phone.decrypt(push!);
    expect(JSON.parse(shown)).toMatchObject({ title: "Grace Hopper", body: NO_PREVIEW });
    expect(shown).not.toContain("secret");
  });

  it("pushes nothing of a muted conversation, and as ever once its mute has ended or of another", async () => {
    const account = await newAccount();
    const phone = endpoint.device(`/muted-${randomUUID()}`);
    await savePushSubscription(db, account, phone, "Ada's phone");
    let customers = 0;
    const channelId = randomUUID();
    const mutedWith = async (body: string, mutedUntil: Date | null) => {
      const message = { ...customerMessage(account.orgId, body), channelId };
      customers += 1;
      await seedConversation(db, {
        orgId: account.orgId,
        channelId: message.channelId,
        channelNumber: message.to,
        conversationId: message.conversationId,
        customer: `+44770090000${customers}`,
        name: "Grace Hopper",
        lastInboundAt: new Date(),
        messages: [],
      });
      await db.query("UPDATE readmodel.conversation SET muted = true, muted_until = $2 WHERE id = $1", [
        message.conversationId,
        mutedUntil,
      ]);
      return message;
    };
    const always = await mutedWith("another photo of the cat", null);
    const forAnHour = await mutedWith("and another", new Date(Date.now() + 3_600_000));
    const ended = await mutedWith("Morning! Any news?", new Date(Date.now() - 60_000));
    const other = customerMessage(account.orgId, "Is Friday still on?");
    await startSender();

    // In stream order: each muted conversation's message is handled before the next is pushed.
    for (const message of [always, forAnHour, ended, other])
      await appendSigned(nats.js, nats.names, message, keys.signing.ingress);
    const path = new URL(phone.endpoint).pathname;
    await waitFor(() => pushesTo(path).length >= 2, { what: "the pushes of the ended mute's and the other's" });
    const pushed = pushesTo(path).map((push) => JSON.parse(phone.decrypt(push)).url);
    expect(pushed).toEqual([`/inbox/${ended.conversationId}`, `/inbox/${other.conversationId}`]);
  });

  it("removes a subscription the push service says is gone (410) and pushes the org's other devices", async () => {
    const account = await newAccount();
    const gone = endpoint.device(`/gone-${randomUUID()}`);
    const kept = endpoint.device(`/kept-${randomUUID()}`);
    endpoint.answer(new URL(gone.endpoint).pathname, 410);
    await savePushSubscription(db, account, gone, "Old laptop");
    await savePushSubscription(db, account, kept, "New phone");
    await startSender();

    await appendSigned(nats.js, nats.names, customerMessage(account.orgId, "Hello?"), keys.signing.ingress);

    // Both devices handled, in whichever order the org's subscriptions were read: the gone one
    // removed, the other pushed (its push recorded).
    await waitFor(
      async () => {
        const devices = await listPushDevices(db, account);
        return devices.length === 1 && devices[0]?.lastPushedAt !== null;
      },
      { what: "the gone subscription removed and the other device pushed" },
    );
    expect((await listPushDevices(db, account)).map((device) => device.name)).toEqual(["New phone"]);
    expect(pushesTo(new URL(kept.endpoint).pathname)).toHaveLength(1);
    expect(pushesTo(new URL(gone.endpoint).pathname)).toHaveLength(1);
  });

  it("never POSTs to an endpoint outside the allowed push services, though it answers", async () => {
    const account = await newAccount();
    const internal = endpoint.device(`/internal-${randomUUID()}`);
    await savePushSubscription(db, account, internal, "Written around Settings");
    const warnings: { message: string; context?: Record<string, unknown> }[] = [];
    const silent = createLogger("push-test", "silent");
    const logger = {
      ...silent,
      warn: (message: string, context?: Record<string, unknown>) => warnings.push({ message, context }),
    };
    await startSender({ serviceHosts: ["push.example.com"], logger });

    const event = customerMessage(account.orgId, "Hi");
    await appendSigned(nats.js, nats.names, event, keys.signing.ingress);

    await waitFor(() => warnings.some((warning) => warning.context?.eventId === event.eventId), {
      what: "the push skipped",
    });
    expect(warnings.find((warning) => warning.context?.eventId === event.eventId)).toMatchObject({
      message: "push skipped: endpoint not at an allowed push service",
      context: { orgId: account.orgId, host: new URL(internal.endpoint).host },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pushesTo(new URL(internal.endpoint).pathname)).toEqual([]);
    expect((await listPushDevices(db, account))[0]?.lastPushedAt).toBeNull();
  });

  it("after a restart neither repeats a push nor loses one: the consumer is durable", async () => {
    const account = await newAccount();
    const phone = endpoint.device(`/durable-${randomUUID()}`);
    const path = new URL(phone.endpoint).pathname;
    await savePushSubscription(db, account, phone, "Phone");
    const first = await startSender();
    await appendSigned(nats.js, nats.names, customerMessage(account.orgId, "first"), keys.signing.ingress);
    await waitFor(() => pushesTo(path).length === 1, { what: "the first push" });
    await first.stop();

    // Sent while no sender runs: the next one pushes it, and only it.
    await appendSigned(nats.js, nats.names, customerMessage(account.orgId, "second"), keys.signing.ingress);
    await startSender();
    await waitFor(() => pushesTo(path).length === 2, { what: "the second push" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pushesTo(path).map((push) => JSON.parse(phone.decrypt(push)).body)).toEqual(["first", "second"]);
  });

  it("retries a push the push service refused for now (503), and pushes no device twice", async () => {
    const account = await newAccount();
    const flaky = endpoint.device(`/flaky-${randomUUID()}`);
    const steady = endpoint.device(`/steady-${randomUUID()}`);
    const flakyPath = new URL(flaky.endpoint).pathname;
    endpoint.answer(flakyPath, 503);
    await savePushSubscription(db, account, flaky, "Flaky");
    await savePushSubscription(db, account, steady, "Steady");
    await startSender();

    await appendSigned(nats.js, nats.names, customerMessage(account.orgId, "are you there?"), keys.signing.ingress);
    await waitFor(() => pushesTo(flakyPath).length >= 2, { what: "the refused push retried" });
    endpoint.answer(flakyPath, 201);
    await waitFor(
      async () =>
        (
          await db.query(
            "SELECT 1 FROM app.push_deliveries d JOIN app.push_subscriptions s ON s.id = d.subscription_id WHERE s.org_id = $1",
            [account.orgId],
          )
        ).rows.length === 2,
      {
        what: "both devices pushed",
      },
    );
    expect(pushesTo(new URL(steady.endpoint).pathname)).toHaveLength(1);
  });
});
