import { randomUUID } from "node:crypto";
import {
  type ChannelRecord,
  type CloudpaEvent,
  channelIdFor,
  channelKeyOf,
  conversationIdFor,
  credentialsKeySchema,
  eventIdFor,
  type InboundMessageReceived,
  openEvent,
  outboundEnvSchema,
  parseEnv,
  type SendReply,
  sealSecret,
  signMessage,
} from "@cloudpa/contracts";
import { appendSigned, createLogger } from "@cloudpa/kit";
import { type TestKeys, type TestNats, testKeys, testNats, waitFor } from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { startWebhookReceiver, type WebhookReceiver } from "@cloudpa/twilio-sim/testing";
import { headers } from "@nats-io/transport-node";
import type { OutboundOverrides } from "../outbound.module.js";
import { createOutboundApp, type OutboundApp } from "../outbound-app.js";

export const ACCOUNT_SID = `AC${"5e".repeat(16)}`;
export const AUTH_TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";
export const CHANNEL_NUMBER = "whatsapp:+14155238886";

export interface OutboundFixture {
  nats: TestNats;
  keys: TestKeys;
  sim: TwilioSim;
  /** A stand-in for the ingress's status webhook: records what Twilio (the simulator) posts. */
  statusReceiver: WebhookReceiver;
  outbound: OutboundApp;
  orgId: string;
  channelId: string;
  /** A customer who wrote `hoursAgo` hours ago: their conversation's id. */
  customerWrote(customer: string, hoursAgo: number): Promise<string>;
  sendReply(conversationId: string, text: string, commandId?: string): SendReply;
  publish(command: SendReply, msgId?: string): Promise<void>;
  /** The command's ReplySent or ReplyFailed, once appended. */
  outcomeOf(command: SendReply): Promise<CloudpaEvent>;
  /** Every outcome event of a command (to prove there is exactly one). */
  outcomesOf(command: SendReply): Promise<CloudpaEvent[]>;
  putChannel(change?: Partial<ChannelRecord>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Real NATS in its own namespace, the Twilio simulator, a channel in the KV registry with a
 * sealed token, and the outbound app consuming commands.
 */
export async function outboundFixture(
  overrides: OutboundOverrides & {
    env?: Record<string, string>;
    /** The org of the channel and conversations (a fresh one by default). */
    orgId?: string;
    /** Whether the channel is put in the KV registry (default true). */
    registerChannel?: boolean;
  } = {},
): Promise<OutboundFixture> {
  const nats = await testNats();
  const keys = testKeys();
  const sim = await startTwilioSim({
    accounts: [{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }],
    numbers: [CHANNEL_NUMBER],
    statusDelayMs: 5,
  });
  const statusReceiver = await startWebhookReceiver();
  const orgId = overrides.orgId ?? randomUUID();
  const channelId = channelIdFor(orgId, CHANNEL_NUMBER);
  const credentialsKey = credentialsKeySchema.parse(keys.env.CREDENTIALS_KEY);

  const putChannel = async (change: Partial<ChannelRecord> = {}) => {
    const record: ChannelRecord = {
      channelId,
      orgId,
      provider: "twilio_whatsapp",
      externalPhoneId: CHANNEL_NUMBER,
      accountSid: ACCOUNT_SID,
      authTokenSealed: sealSecret(AUTH_TOKEN, credentialsKey, channelId),
      isActive: true,
      updatedAt: new Date().toISOString(),
      ...change,
    };
    await nats.kv.put(channelKeyOf(CHANNEL_NUMBER), JSON.stringify(record));
  };
  if (overrides.registerChannel !== false) await putChannel();

  const env = parseEnv(outboundEnvSchema, {
    ...keys.env,
    CLOUDPA_NAMESPACE: nats.names.namespace,
    NATS_URL: nats.url,
    PUBLIC_BASE_URL: statusReceiver.url,
    TWILIO_API_BASE_URL: sim.url,
    INGEST_CONCURRENCY: "4",
    LOG_LEVEL: "silent",
    ...overrides.env,
  });
  const outbound = await createOutboundApp(env, {
    logger: createLogger("outbound", process.env.TEST_LOG_LEVEL === "debug" ? "debug" : "silent"),
    ...overrides,
    settings: { retryBaseDelayMs: 50, failureRetryDelayMs: 100, ...overrides.settings },
  });

  const outcomesOf = async (command: SendReply) => {
    const subjects = (["reply_sent", "reply_failed"] as const).map((kind) =>
      nats.names.conversationEventSubject(command.orgId, command.conversationId, kind),
    );
    const info = await nats.jsm.streams.info(nats.names.eventsStream, {
      subjects_filter: nats.names.conversationEventsFilter(command.orgId, command.conversationId),
    });
    const stored = subjects.reduce((sum, subject) => sum + (info.state.subjects?.[subject] ?? 0), 0);
    if (stored === 0) return [];
    const consumer = await nats.js.consumers.get(nats.names.eventsStream, {
      filter_subjects: nats.names.conversationEventsFilter(command.orgId, command.conversationId),
    });
    const found: CloudpaEvent[] = [];
    const messages = await consumer.consume();
    for await (const message of messages) {
      // Only the outcomes are opened: a spec may append a forged event of another kind.
      if (subjects.includes(message.subject)) {
        const event = openEvent(message.data, (name) => message.headers?.get(name), keys.keyring);
        if ((event.type === "ReplySent" || event.type === "ReplyFailed") && event.commandId === command.commandId)
          found.push(event);
      }
      if (message.info.pending === 0) break;
    }
    messages.stop();
    return found;
  };

  return {
    nats,
    keys,
    sim,
    statusReceiver,
    outbound,
    orgId,
    channelId,
    putChannel,
    async customerWrote(customer, hoursAgo) {
      const conversationId = conversationIdFor(channelId, customer);
      const receivedAt = new Date(Date.now() - hoursAgo * 3600_000).toISOString();
      const messageSid = `SM${randomUUID().replace(/-/g, "")}`;
      const inbound: InboundMessageReceived = {
        type: "InboundMessageReceived",
        version: 1,
        eventId: eventIdFor("in", messageSid),
        orgId,
        occurredAt: receivedAt,
        channelId,
        conversationId,
        messageSid,
        accountSid: ACCOUNT_SID,
        from: customer,
        to: CHANNEL_NUMBER,
        body: "hello, is it still available?",
        media: [],
        receivedAt,
        extraParams: {},
      };
      await appendSigned(nats.js, nats.names, inbound, keys.signing.ingress);
      return conversationId;
    },
    sendReply(conversationId, text, commandId = randomUUID()) {
      return {
        type: "SendReply",
        version: 1,
        commandId,
        orgId,
        conversationId,
        text,
        requestedBy: "user:test",
        requestedAt: new Date().toISOString(),
      };
    },
    async publish(command, msgId) {
      if (msgId === undefined) {
        await appendSigned(nats.js, nats.names, command, keys.signing.web);
        return;
      }
      const signed = signMessage(command, keys.signing.web);
      const hdrs = headers();
      for (const [name, value] of Object.entries(signed.headers)) hdrs.set(name, value);
      await nats.js.publish(nats.names.sendReplySubject(command.orgId), signed.data, { msgID: msgId, headers: hdrs });
    },
    outcomesOf,
    async outcomeOf(command) {
      return waitFor(async () => (await outcomesOf(command))[0], { what: `the outcome of ${command.commandId}` });
    },
    async close() {
      await outbound.close();
      await sim.close();
      await statusReceiver.close();
      await nats.jsm.streams.delete(`KV_${nats.names.outboundAttemptsBucket}`).catch(() => undefined);
      await nats.cleanup();
    },
  };
}
