import { randomUUID } from "node:crypto";
import {
  type AutoReplySettings,
  conversationIdFor,
  DEFAULT_AUTO_REPLY_SETTINGS,
  type InboundMessageReceived,
} from "@cloudpa/contracts";
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
import { AckPolicy, DeliverPolicy } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { migrateApp } from "#app/db/migrate-app.ts";
import { consumerCaughtUp, storedSendReplies } from "#test/support/stored-commands.ts";
import { AUTO_REPLY_CONSUMER, AutoReplier } from "./auto-replier.server.ts";
import { saveAutoReplySettings } from "./auto-reply-settings.server.ts";

let database: TestDatabase;
let nats: TestNats;
let keys: TestKeys;
let db: pg.Pool;
const running: AutoReplier[] = [];

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  keys = testKeys();
  await migrateApp(database.url);
  db = new pg.Pool({ connectionString: database.url, max: 4 });
}, 90_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((replier) => replier.stop()));
});

afterAll(async () => {
  await db?.end();
  await nats?.cleanup();
  await database?.drop();
});

/** The controlled clock: a few seconds after the message being read. */
let clock = new Date("2026-01-05T20:00:05Z");

async function startReplier(): Promise<AutoReplier> {
  const replier = new AutoReplier({
    js: nats.js,
    jsm: nats.jsm,
    names: nats.names,
    db,
    logger: createLogger("auto-reply-test", "silent"),
    keyring: keys.keyring,
    signingKey: keys.signing.web,
    now: () => clock,
  });
  await replier.start();
  running.push(replier);
  return replier;
}

/** UTC, Monday to Friday 9 to 5; 2026-01-05 is a Monday. */
const settings: AutoReplySettings = {
  ...DEFAULT_AUTO_REPLY_SETTINGS,
  away: { enabled: true, text: "Away until 9." },
  greeting: { enabled: true, text: "Hello, thanks for writing!" },
};

async function freelancer(): Promise<Account> {
  const account = await createAccount(db, {
    email: `${randomUUID()}@example.com`,
    password: "correct horse battery",
    businessName: "Ada Studio",
  });
  await saveAutoReplySettings(db, account.orgId, settings);
  return account;
}

function customerWrote(orgId: string, customer: string, receivedAt: string): InboundMessageReceived {
  const channelId = randomUUID();
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: randomUUID(),
    orgId,
    occurredAt: receivedAt,
    channelId,
    conversationId: conversationIdFor(channelId, customer),
    messageSid: `SM${randomUUID().replace(/-/g, "")}`,
    accountSid: "AC0123456789abcdef0123456789abcdef",
    from: customer,
    to: "whatsapp:+14155238886",
    profileName: "Grace",
    body: "Are you there?",
    media: [],
    receivedAt,
    extraParams: {},
  };
}

function again(first: InboundMessageReceived, receivedAt: string): InboundMessageReceived {
  return {
    ...first,
    eventId: randomUUID(),
    messageSid: `SM${randomUUID().replace(/-/g, "")}`,
    occurredAt: receivedAt,
    receivedAt,
  };
}

const commandsOf = (orgId: string) => storedSendReplies(nats, keys.keyring, orgId);
const settled = () => consumerCaughtUp(nats, AUTO_REPLY_CONSUMER);

/** A replay: the durable consumer made again from the stream's first event, as an operator resetting it would. */
async function replayFromTheStart(): Promise<void> {
  const { jsm, names } = nats;
  await jsm.consumers.delete(names.eventsStream, AUTO_REPLY_CONSUMER);
  await jsm.consumers.add(names.eventsStream, {
    durable_name: AUTO_REPLY_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: names.eventsSubjects,
    ack_wait: nanos(30_000),
    max_deliver: -1,
  });
}

describe("the auto-replier (away message and greeting as a process manager)", () => {
  it("gives an off-hours message exactly one away reply across a restart and a replay", async () => {
    const account = await freelancer();
    const first = customerWrote(account.orgId, "whatsapp:+447700900001", "2026-01-05T20:00:00Z");
    // Written before: this conversation's first message was long ago, so no greeting.
    const earlier = again(first, "2025-12-01T10:00:00Z");
    await appendSigned(nats.js, nats.names, earlier, keys.signing.ingress);
    clock = new Date("2026-01-05T20:00:05Z");
    let replier = await startReplier();

    await appendSigned(nats.js, nats.names, first, keys.signing.ingress);
    await waitFor(async () => (await commandsOf(account.orgId)).length === 1, { what: "the away reply's command" });
    // A second message of the same off-hours period, then a restart and a redelivery of everything.
    clock = new Date("2026-01-06T06:00:05Z");
    await appendSigned(nats.js, nats.names, again(first, "2026-01-06T06:00:00Z"), keys.signing.ingress);
    await settled();
    await replier.stop();
    replier = await startReplier();
    await settled();
    await replier.stop();
    await replayFromTheStart();
    replier = await startReplier();
    await settled();

    const commands = await commandsOf(account.orgId);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      conversationId: first.conversationId,
      text: "Away until 9.",
      requestedBy: "auto-reply:away",
      requestedAt: first.receivedAt,
    });
    const ledger = await db.query("SELECT kind, trigger_event_id FROM app.auto_replies_issued WHERE org_id = $1", [
      account.orgId,
    ]);
    expect(ledger.rows).toEqual([{ kind: "auto-reply:away", trigger_event_id: first.eventId }]);
  });

  it("issues the same command again when its record is lost, which JetStream drops as a duplicate", async () => {
    const account = await freelancer();
    const message = customerWrote(account.orgId, "whatsapp:+447700900002", "2026-01-05T21:00:00Z");
    clock = new Date("2026-01-05T21:00:05Z");
    let replier = await startReplier();
    await appendSigned(nats.js, nats.names, message, keys.signing.ingress);
    await waitFor(async () => (await commandsOf(account.orgId)).length === 2, { what: "greeting and away" });
    await settled();
    await replier.stop();

    // A crash between the append and its record looks like this: the command stored, no record.
    await db.query("DELETE FROM app.auto_replies_issued WHERE org_id = $1", [account.orgId]);
    await replayFromTheStart();
    replier = await startReplier();
    await settled();

    const commands = await commandsOf(account.orgId);
    expect(commands.map((command) => command.requestedBy)).toEqual(["auto-reply:greeting", "auto-reply:away"]);
    const ledger = await db.query("SELECT count(*)::int AS n FROM app.auto_replies_issued WHERE org_id = $1", [
      account.orgId,
    ]);
    expect(ledger.rows[0]?.n).toBe(2);
  });

  it("greets a conversation's first message inside the hours once, and answers nothing after", async () => {
    const account = await freelancer();
    const first = customerWrote(account.orgId, "whatsapp:+447700900003", "2026-01-06T10:00:00Z");
    clock = new Date("2026-01-06T10:00:05Z");
    await startReplier();
    await appendSigned(nats.js, nats.names, first, keys.signing.ingress);
    await appendSigned(nats.js, nats.names, again(first, "2026-01-06T10:00:03Z"), keys.signing.ingress);
    await waitFor(async () => (await commandsOf(account.orgId)).length === 1, { what: "the greeting" });
    await settled();

    const commands = await commandsOf(account.orgId);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ text: "Hello, thanks for writing!", requestedBy: "auto-reply:greeting" });
  });

  it("sends no second away reply the same evening after the hours changed, and one the next evening", async () => {
    const account = await freelancer();
    const awayOnly = { ...settings, greeting: { ...settings.greeting, enabled: false } };
    await saveAutoReplySettings(db, account.orgId, awayOnly);
    const first = customerWrote(account.orgId, "whatsapp:+447700900004", "2026-01-05T17:30:00Z");
    clock = new Date("2026-01-05T17:30:05Z");
    await startReplier();
    await appendSigned(nats.js, nats.names, first, keys.signing.ingress);
    await waitFor(async () => (await commandsOf(account.orgId)).length === 1, { what: "Monday evening's away reply" });
    await settled();

    // At 18:45 the freelancer moves every day's end to 19:00: by the new hours, Monday's off-hours
    // period begins at 19:00, so the customer's 20:00 message names another away command.
    const nineToSeven = Object.fromEntries(
      Object.entries(awayOnly.hours).map(([day, hours]) => [day, hours && { start: "09:00", end: "19:00" }]),
    ) as AutoReplySettings["hours"];
    await saveAutoReplySettings(db, account.orgId, { ...awayOnly, hours: nineToSeven });
    clock = new Date("2026-01-05T20:00:05Z");
    await appendSigned(nats.js, nats.names, again(first, "2026-01-05T20:00:00Z"), keys.signing.ingress);
    await settled();
    expect(await commandsOf(account.orgId)).toHaveLength(1);

    // Tuesday 20:00, after Tuesday's hours: an away reply of its own.
    clock = new Date("2026-01-06T20:00:05Z");
    await appendSigned(nats.js, nats.names, again(first, "2026-01-06T20:00:00Z"), keys.signing.ingress);
    await waitFor(async () => (await commandsOf(account.orgId)).length === 2, { what: "Tuesday evening's away reply" });
    const commands = await commandsOf(account.orgId);
    expect(commands.map((command) => command.requestedAt)).toEqual(["2026-01-05T17:30:00Z", "2026-01-06T20:00:00Z"]);
    const ledger = await db.query<{ requested_at: Date }>(
      "SELECT requested_at FROM app.auto_replies_issued WHERE org_id = $1 ORDER BY requested_at",
      [account.orgId],
    );
    expect(ledger.rows.map((row) => row.requested_at.toISOString())).toEqual([
      "2026-01-05T17:30:00.000Z",
      "2026-01-06T20:00:00.000Z",
    ]);
  });
});
