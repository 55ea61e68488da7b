import {
  type CloudpaEvent,
  channelIdFor,
  channelKeyOf,
  channelRecordSchema,
  DEFAULT_ORG_ID,
  openEvent,
} from "@cloudpa/contracts";
import { ChannelRegistry, createLogger, envChannelOf } from "@cloudpa/kit";
import { foldEvent, ReadModelWorkspace } from "@cloudpa/read-model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createWebContext, parseWebEnv, type WebContext } from "#app/web-context.server.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { connectChannel, disconnectChannel } from "./channels.server.ts";
import { registerEnvChannel } from "./env-channel.server.ts";

const ENV_NUMBER = "whatsapp:+15017122661";
const ENV = {
  TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef",
  TWILIO_AUTH_TOKEN: "f0e1d2c3b4a5968778695a4b3c2d1e0f",
  TWILIO_WHATSAPP_FROM: ENV_NUMBER,
};
const envChannelId = channelIdFor(DEFAULT_ORG_ID, ENV_NUMBER);

let t: WebTestContext;
let freelancer: Account;
const others: WebContext[] = [];

/** The same installation restarted with other TWILIO_* variables. */
async function restartedWith(env: Record<string, string>): Promise<WebContext> {
  const web = await createWebContext(parseWebEnv({ ...t.env, ...env }));
  others.push(web);
  return web;
}

/** Every event in the stream, in order. */
async function events(): Promise<CloudpaEvent[]> {
  const info = await t.nats.jsm.streams.info(t.nats.names.eventsStream);
  const all: CloudpaEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await t.nats.jsm.streams.getMessage(t.nats.names.eventsStream, { seq });
    if (stored) all.push(openEvent(stored.data, (name) => stored.header.get(name), t.keys.keyring));
  }
  return all;
}

/** The chat_account rows the projector makes of the stream. */
async function projectedChannels() {
  const workspace = new ReadModelWorkspace();
  for (const event of await events()) foldEvent(workspace, event);
  return [...workspace.chatAccounts.values()];
}

/** What ingress and outbound serve: the kit's registry over the same bucket, without its env fallback. */
async function served(number: string) {
  const registry = await ChannelRegistry.start(t.nats.kv, {
    credentialsKey: t.web.env.CREDENTIALS_KEY,
    envChannel: undefined,
    logger: createLogger("test", "silent"),
    watch: false,
  });
  return registry.resolve(number);
}

beforeAll(async () => {
  t = await webTestContext(ENV);
  freelancer = await createAccount(t.web.db, {
    email: "env@example.com",
    password: "a long password",
    businessName: "Env",
    orgId: DEFAULT_ORG_ID,
  });
});
afterAll(async () => {
  for (const web of others) await web.close();
  await t?.cleanup();
});

describe("the number configured by environment", () => {
  it("is a channel only when the account SID and the token are both set", () => {
    expect(envChannelOf({ TWILIO_AUTH_TOKEN: "t", TWILIO_WHATSAPP_FROM: ENV_NUMBER })).toBeUndefined();
    expect(envChannelOf({ TWILIO_ACCOUNT_SID: "AC1", TWILIO_WHATSAPP_FROM: ENV_NUMBER })).toBeUndefined();
    expect(envChannelOf(ENV)).toMatchObject({ channelId: envChannelId, orgId: DEFAULT_ORG_ID, isActive: true });
  });

  it("is registered at start like a connected channel: served by the registry and projected active", async () => {
    expect(await registerEnvChannel(t.web)).toEqual({ kind: "registered", channelId: envChannelId });

    const record = channelRecordSchema.parse((await t.nats.kv.get(channelKeyOf(ENV_NUMBER)))?.json());
    expect(record).toMatchObject({
      channelId: envChannelId,
      orgId: DEFAULT_ORG_ID,
      accountSid: ENV.TWILIO_ACCOUNT_SID,
      isActive: true,
      configuredBy: "environment",
    });
    expect(await served(ENV_NUMBER)).toMatchObject({ kind: "found", channel: { channelId: envChannelId } });
    expect(await projectedChannels()).toEqual([
      expect.objectContaining({ id: envChannelId, orgId: DEFAULT_ORG_ID, externalPhoneId: ENV_NUMBER, isActive: true }),
    ]);
  });

  it("appends nothing on a restart with the same env", async () => {
    const before = (await events()).length;
    expect(await registerEnvChannel(t.web)).toEqual({ kind: "unchanged", channelId: envChannelId });
    expect((await events()).length).toBe(before);
  });

  it("is the server's to change: the freelancer can neither deactivate nor reconnect it", async () => {
    expect(await disconnectChannel(t.web, freelancer, ENV_NUMBER)).toBe("configured_by_environment");
    const reconnect = await connectChannel(t.web, freelancer, {
      accountSid: "AC99999999999999999999999999999999",
      authToken: "99999999999999999999999999999999",
      number: "+15017122661",
    });
    expect(reconnect).toEqual({ kind: "configured_by_environment" });
    expect(await served(ENV_NUMBER)).toMatchObject({ kind: "found" });
  });

  it("is registered again when its token changes", async () => {
    const web = await restartedWith({ TWILIO_AUTH_TOKEN: "0123456789abcdef0123456789abcdef" });
    expect(await registerEnvChannel(web)).toEqual({ kind: "registered", channelId: envChannelId });
    const resolution = await served(ENV_NUMBER);
    expect(resolution.kind === "found" && resolution.channel.authToken).toBe("0123456789abcdef0123456789abcdef");
  });

  it("is disconnected everywhere once the env no longer names it", async () => {
    const web = await restartedWith({ TWILIO_AUTH_TOKEN: "" });
    expect(await registerEnvChannel(web)).toEqual({ kind: "none" });
    expect(await served(ENV_NUMBER)).toMatchObject({ kind: "inactive" });
    expect(await projectedChannels()).toEqual([expect.objectContaining({ id: envChannelId, isActive: false })]);
  });
});
