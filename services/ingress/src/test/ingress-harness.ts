// Test support: an ingress app built in-process against a test namespace, and signed webhooks.
import {
  type ChannelRecord,
  channelIdFor,
  channelKeyOf,
  cloudpaEventSchema,
  DEFAULT_ORG_ID,
  type IngressEnv,
  ingressEnvSchema,
  openEvent,
  parseEnv,
  sealSecret,
  twilioSignature,
  uuidv5,
  webhookPaths,
} from "@cloudpa/contracts";
import { createLogger } from "@cloudpa/kit";
import { type TestKeys, type TestNats, testbed, testKeys, uniqueName } from "@cloudpa/testkit";
import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import { beforeAll } from "vitest";
import { createIngressApp } from "../ingress-app.js";

export const ENV_NUMBER = "whatsapp:+14155238886";
export const ENV_TOKEN = "env-channel-auth-token";
export const ACCOUNT_SID = `AC${"0".repeat(31)}1`;

let sidCounter = 0;
/** A fresh Twilio-shaped SID with the given prefix. */
export function sid(prefix = "SM"): string {
  sidCounter++;
  const random = uuidv5(`${uniqueName()}:${sidCounter}`).replace(/-/g, "");
  return `${prefix}${random}`;
}

export interface Ingress {
  app: NestFastifyApplication;
  baseUrl: string;
  env: IngressEnv;
  keys: TestKeys;
  close(): Promise<void>;
}

/**
 * Starts an ingress on a free port for a test namespace; `overrides` are raw env values. With
 * `calledDirectly`, Twilio (the simulator) calls the ingress at the address it listens on, so
 * that address becomes PUBLIC_BASE_URL once the port is known.
 */
export async function startIngress(
  nats: TestNats,
  overrides: Record<string, string> = {},
  options: { calledDirectly?: boolean } = {},
): Promise<Ingress> {
  const keys = testKeys();
  const env = parseEnv(ingressEnvSchema, {
    ...keys.env,
    CLOUDPA_NAMESPACE: nats.names.namespace,
    NATS_URL: nats.url,
    PUBLIC_BASE_URL: "http://localhost:3001",
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: ENV_TOKEN,
    TWILIO_WHATSAPP_FROM: ENV_NUMBER,
    LOG_LEVEL: process.env.INGRESS_TEST_LOG_LEVEL ?? "silent",
    PUBLISH_TIMEOUT_MS: "1000",
    ...overrides,
  });
  const app = await createIngressApp(env, { logger: createLogger("ingress-test", env.LOG_LEVEL) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.getHttpServer().address();
  if (typeof address !== "object" || address === null) throw new Error("ingress did not bind");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  if (options.calledDirectly) env.PUBLIC_BASE_URL = baseUrl;
  return { app, baseUrl, env, keys, close: () => app.close() };
}

/**
 * A test namespace and an ingress on it (started as `startIngress` does) for the tests of the
 * describe block it is called in, closed after them. Read it inside hooks and tests.
 */
export function ingressTestbed(): { readonly nats: TestNats; readonly ingress: Ingress } {
  const bed = testbed({ database: false });
  let ingress: Ingress | undefined;
  beforeAll(async () => {
    ingress = bed.closeAfter(await startIngress(bed.nats));
  });
  return {
    get nats() {
      return bed.nats;
    },
    get ingress() {
      if (!ingress) throw new Error("the ingress is read before it started: read it inside a hook or a test");
      return ingress;
    },
  };
}

/** Writes a channel into the KV registry as the web would, token sealed. */
export async function putChannel(
  nats: TestNats,
  credentialsKey: Buffer,
  channel: { number: string; authToken: string; orgId?: string; isActive?: boolean; accountSid?: string },
): Promise<ChannelRecord> {
  const orgId = channel.orgId ?? uuidv5(`org:${uniqueName()}`);
  const channelId = channelIdFor(orgId, channel.number);
  const record: ChannelRecord = {
    channelId,
    orgId,
    provider: "twilio_whatsapp",
    externalPhoneId: channel.number,
    accountSid: channel.accountSid ?? ACCOUNT_SID,
    authTokenSealed: sealSecret(channel.authToken, credentialsKey, channelId),
    isActive: channel.isActive ?? true,
    updatedAt: new Date().toISOString(),
  };
  await nats.kv.put(channelKeyOf(channel.number), JSON.stringify(record));
  return record;
}

export const envChannelId = channelIdFor(DEFAULT_ORG_ID, ENV_NUMBER);

/** Params of an incoming WhatsApp message as Twilio sends them. */
export function inboundParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SmsMessageSid: "",
    NumMedia: "0",
    ProfileName: "Ada",
    MessageType: "text",
    SmsSid: "",
    WaId: "15551234567",
    SmsStatus: "received",
    Body: "Hello there",
    To: ENV_NUMBER,
    NumSegments: "1",
    ReferralNumMedia: "0",
    MessageSid: sid(),
    AccountSid: ACCOUNT_SID,
    From: "whatsapp:+15551234567",
    ApiVersion: "2010-04-01",
    ...overrides,
  };
}

export interface PostOptions {
  path?: string;
  /** Sign for this URL instead of PUBLIC_BASE_URL + path. */
  signedUrl?: string;
  authToken?: string;
  signature?: string | null;
  contentType?: string | null;
  rawBody?: string | Buffer;
}

/** POSTs a form webhook to the ingress, signed as Twilio would sign it. */
export async function postWebhook(
  ingress: Ingress,
  params: Record<string, string>,
  options: PostOptions = {},
): Promise<Response> {
  const path = options.path ?? webhookPaths().inbound;
  const signedUrl = options.signedUrl ?? `${ingress.env.PUBLIC_BASE_URL.replace(/\/+$/, "")}${path}`;
  const headers: Record<string, string> = {};
  if (options.contentType !== null)
    headers["content-type"] = options.contentType ?? "application/x-www-form-urlencoded";
  const signature =
    options.signature === undefined
      ? twilioSignature(options.authToken ?? ENV_TOKEN, signedUrl, params)
      : options.signature;
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return fetch(`${ingress.baseUrl}${path}`, {
    method: "POST",
    headers,
    body: options.rawBody ?? new URLSearchParams(params).toString(),
  });
}

/** Every event in the test namespace's EVENTS stream, opened and checked against the keyring. */
export async function storedEvents(nats: TestNats, keys: TestKeys) {
  const info = await nats.jsm.streams.info(nats.names.eventsStream);
  const events = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq }).catch(() => null);
    if (!stored) continue;
    const event = openEvent(stored.data, (name) => stored.header.get(name), keys.keyring);
    cloudpaEventSchema.parse(event);
    events.push({ seq, subject: stored.subject, msgId: stored.header.get("Nats-Msg-Id"), event });
  }
  return events;
}

export async function eventCount(nats: TestNats): Promise<number> {
  return (await nats.jsm.streams.info(nats.names.eventsStream)).state.messages;
}
