import {
  type ChannelRecord,
  channelIdFor,
  channelKeyOf,
  channelRecordSchema,
  generateCredentialsKey,
  openEvent,
  openSecret,
  sealSecret,
} from "@cloudpa/contracts";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createWebContext, parseWebEnv } from "#app/web-context.server.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { channelCredentialsOf, openedAuthTokenOf } from "./channel-credentials.server.ts";
import { channelRecordOf, connectChannel, disconnectChannel } from "./channels.server.ts";

const accountSid = "AC0123456789abcdef0123456789abcdef";
const authToken = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
/** Another Twilio account, valid, that owns none of the numbers above. */
const strangerSid = "AC99999999999999999999999999999999";
const strangerToken = "99999999999999999999999999999999";
let sim: TwilioSim;
let t: WebTestContext;
let freelancer: Account;
let rival: Account;

beforeAll(async () => {
  sim = await startTwilioSim({
    accounts: [
      {
        accountSid,
        authToken,
        numbers: ["whatsapp:+14155550101", "whatsapp:+14155550102", "whatsapp:+14155550103", "whatsapp:+14155550104"],
      },
      { accountSid: strangerSid, authToken: strangerToken, numbers: [] },
    ],
  });
  t = await webTestContext({ TWILIO_API_BASE_URL: sim.url });
  freelancer = await createAccount(t.web.db, {
    email: "ch@example.com",
    password: "a long password",
    businessName: "Ch",
  });
  rival = await createAccount(t.web.db, { email: "rv@example.com", password: "a long password", businessName: "Rv" });
});
afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

async function lastEvent(subjectFilter: string) {
  const stored = await t.nats.jsm.streams.getMessage(t.nats.names.eventsStream, { last_by_subj: subjectFilter });
  return stored && openEvent(stored.data, (name) => stored.header.get(name), t.keys.keyring);
}

describe("connecting a channel", () => {
  it("refuses credentials Twilio rejects and writes nothing", async () => {
    const outcome = await connectChannel(t.web, freelancer, {
      accountSid,
      authToken: "not-the-right-token-at-all",
      number: "+14155550101",
    });
    expect(outcome).toEqual({ kind: "credentials_rejected" });
    expect(await t.nats.kv.get(channelKeyOf("whatsapp:+14155550101"))).toBeNull();
  });

  it("stores the token sealed in the registry and appends a signed ChannelConnected", async () => {
    const outcome = await connectChannel(t.web, freelancer, {
      accountSid,
      authToken,
      number: "+14155550102",
      displayName: "Studio",
    });
    expect(outcome).toMatchObject({ kind: "connected", externalPhoneId: "whatsapp:+14155550102" });
    if (outcome.kind !== "connected") throw new Error("not connected");
    const entry = await t.nats.kv.get(channelKeyOf("whatsapp:+14155550102"));
    const record = channelRecordSchema.parse(entry?.json());
    expect(record).toMatchObject({ orgId: freelancer.orgId, channelId: outcome.channelId, isActive: true, accountSid });
    expect(record.authTokenSealed).not.toContain(authToken);
    expect(openSecret(record.authTokenSealed, t.web.env.CREDENTIALS_KEY, outcome.channelId)).toBe(authToken);
    const event = await lastEvent(
      t.nats.names.channelEventSubject(freelancer.orgId, outcome.channelId, "channel_connected"),
    );
    expect(event).toMatchObject({ type: "ChannelConnected", channelId: outcome.channelId, displayName: "Studio" });
    expect(JSON.stringify(event)).not.toContain(authToken);
  });

  it("refuses a number another org has connected", async () => {
    const outcome = await connectChannel(t.web, rival, { accountSid, authToken, number: "+14155550102" });
    expect(outcome).toEqual({ kind: "number_taken" });
  });

  it("deactivates only the org's own channel: registry inactive and ChannelDisconnected appended", async () => {
    expect(await disconnectChannel(t.web, rival, "whatsapp:+14155550102")).toBe("not_found");
    expect(await disconnectChannel(t.web, freelancer, "whatsapp:+14155550102")).toBe("disconnected");
    const record = channelRecordSchema.parse((await t.nats.kv.get(channelKeyOf("whatsapp:+14155550102")))?.json());
    expect(record.isActive).toBe(false);
    const event = await lastEvent(
      t.nats.names.channelEventSubject(freelancer.orgId, record.channelId, "channel_disconnected"),
    );
    expect(event).toMatchObject({ type: "ChannelDisconnected", channelId: record.channelId });
  });
});

describe("a number is connected only by the Twilio account that owns it", () => {
  it("refuses a number the account does not have, writes nothing, and leaves it free for its owner", async () => {
    const squat = await connectChannel(t.web, rival, {
      accountSid: strangerSid,
      authToken: strangerToken,
      number: "+14155550103",
    });
    expect(squat).toEqual({ kind: "number_not_owned" });
    expect(await t.nats.kv.get(channelKeyOf("whatsapp:+14155550103"))).toBeNull();

    const owner = await connectChannel(t.web, freelancer, { accountSid, authToken, number: "+14155550103" });
    expect(owner).toMatchObject({ kind: "connected", externalPhoneId: "whatsapp:+14155550103" });
  });

  it("lets the owner take back a number another org connected before ownership was checked", async () => {
    const number = "whatsapp:+14155550101";
    const channelId = channelIdFor(rival.orgId, number);
    const squatted: ChannelRecord = {
      channelId,
      orgId: rival.orgId,
      provider: "twilio_whatsapp",
      externalPhoneId: number,
      accountSid: strangerSid,
      authTokenSealed: sealSecret(strangerToken, t.web.env.CREDENTIALS_KEY, channelId),
      isActive: true,
      updatedAt: new Date().toISOString(),
    };
    await t.nats.kv.put(channelKeyOf(number), JSON.stringify(squatted));

    const outcome = await connectChannel(t.web, freelancer, { accountSid, authToken, number: "+14155550101" });
    expect(outcome).toMatchObject({ kind: "connected" });
    const record = channelRecordSchema.parse((await t.nats.kv.get(channelKeyOf(number)))?.json());
    expect(record).toMatchObject({ orgId: freelancer.orgId, accountSid, isActive: true });
    const gone = await lastEvent(t.nats.names.channelEventSubject(rival.orgId, channelId, "channel_disconnected"));
    expect(gone).toMatchObject({ type: "ChannelDisconnected", channelId, orgId: rival.orgId });
  });

  it("still refuses another org's number to an account that cannot prove it owns it", async () => {
    const outcome = await connectChannel(t.web, rival, { accountSid, authToken, number: "+14155550103" });
    expect(outcome).toEqual({ kind: "number_taken" });
  });
});

describe("Twilio's WhatsApp sandbox, which no account owns", () => {
  it("is connected with valid credentials although no account lists it, as the demo does", async () => {
    const sandboxOwner = await createAccount(t.web.db, {
      email: "sandbox@example.com",
      password: "a long password",
      businessName: "Sandbox",
    });
    const refused = await connectChannel(t.web, sandboxOwner, {
      accountSid: strangerSid,
      authToken: "not-the-right-token-at-all",
      number: "+14155238886",
    });
    expect(refused).toEqual({ kind: "credentials_rejected" });
    const outcome = await connectChannel(t.web, sandboxOwner, {
      accountSid: strangerSid,
      authToken: strangerToken,
      number: "+14155238886",
    });
    expect(outcome).toMatchObject({ kind: "connected", externalPhoneId: "whatsapp:+14155238886" });
  });

  it("is held by one org of the installation at a time: another account is answered number_taken", async () => {
    const outcome = await connectChannel(t.web, rival, { accountSid, authToken, number: "+14155238886" });
    expect(outcome).toEqual({ kind: "number_taken" });
  });
});

describe("a token sealed with another CREDENTIALS_KEY (another install's .env on the same streams)", () => {
  it("is not opened, and is sealed with this key when the number is connected again", async () => {
    const number = "+14155550104";
    const other = await createWebContext(parseWebEnv({ ...t.env, CREDENTIALS_KEY: generateCredentialsKey() }));
    try {
      expect(await connectChannel(other, freelancer, { accountSid, authToken, number })).toMatchObject({
        kind: "connected",
      });
      const sealedElsewhere = await channelRecordOf(t.web, freelancer.orgId, `whatsapp:${number}`);
      expect(sealedElsewhere && openedAuthTokenOf(other, sealedElsewhere)).toBe(authToken);
      expect(sealedElsewhere && openedAuthTokenOf(t.web, sealedElsewhere)).toBeUndefined();
      // The media proxy and the templates answer "credentials not available" for it, not a 500.
      expect(await channelCredentialsOf(t.web, freelancer.orgId, `whatsapp:${number}`)).toBeUndefined();

      expect(await connectChannel(t.web, freelancer, { accountSid, authToken, number })).toMatchObject({
        kind: "connected",
      });
      expect(await channelCredentialsOf(t.web, freelancer.orgId, `whatsapp:${number}`)).toEqual({
        accountSid,
        authToken,
      });
    } finally {
      await other.close();
    }
  });
});
