import { randomUUID } from "node:crypto";
import { type CloudpaNames, cloudpaNames, type OutboundEnv, webhookUrlsFor } from "@cloudpa/contracts";
import {
  ChannelRegistry,
  connectNats,
  createLogger,
  createMetricsRegistry,
  ensureStreams,
  envChannelOf,
  type Logger,
} from "@cloudpa/kit";
import { type JetStreamClient, type JetStreamManager, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Registry } from "prom-client";

import { OutboundMetrics } from "./ops/outbound-metrics.js";
import { CommandQuarantine } from "./quarantine/command-quarantine.js";
import { AttemptStore, openAttemptsBucket } from "./send-reply/attempt-store.js";
import { ConversationEvents } from "./send-reply/conversation-events.js";
import { type EventAppender, signedAppender } from "./send-reply/event-appender.js";
import { ChannelRateLimiter } from "./twilio/channel-rate-limiter.js";
import { type TwilioGateway, TwilioRestGateway } from "./twilio/twilio-gateway.js";

/** Bounds and timings of the send loop; defaults suit production, tests shorten them. */
export interface SendSettings {
  /** Deliveries of one command before a send that Twilio keeps refusing with 429/5xx fails as `retries_exhausted`. */
  maxDeliveries: number;
  /** First retry delay; doubled per delivery up to `maxRetryDelayMs`. */
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  /** How long one Twilio request may take before its outcome is in doubt. */
  twilioTimeoutMs: number;
  /** How long JetStream waits for a delivered command to be settled before redelivering it (`OUTBOUND_ACK_WAIT_MS`). */
  ackWaitMs: number;
  /** How long another process's unanswered call is presumed still running before this one resolves it. */
  attemptLeaseMs: number;
  /** After an unexpected failure (NATS unavailable mid-append…), the command comes back this much later. */
  failureRetryDelayMs: number;
  /** Sends in flight (`INGEST_CONCURRENCY`). */
  concurrency: number;
  /** Where Twilio posts status callbacks. */
  statusCallback: string;
}

export interface OutboundRuntime {
  env: OutboundEnv;
  names: CloudpaNames;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  channels: ChannelRegistry;
  attempts: AttemptStore;
  /** Commands refused at verification, kept for the operator. */
  quarantine: CommandQuarantine;
  conversations: ConversationEvents;
  gateway: TwilioGateway;
  appender: EventAppender;
  rateLimiter: ChannelRateLimiter;
  registry: Registry;
  metrics: OutboundMetrics;
  logger: Logger;
  settings: SendSettings;
  /** This process, as written on the attempts it makes. */
  owner: string;
  clock: () => Date;
  /** Whether NATS is connected now (false while the client reconnects). */
  natsConnected(): boolean;
  close(): Promise<void>;
}

/** What a test may replace: the Twilio gateway and the appender (to inject a crash), timings, the clock. */
export interface RuntimeOverrides {
  gateway?: (real: TwilioGateway) => TwilioGateway;
  appender?: (real: EventAppender) => EventAppender;
  settings?: Partial<SendSettings>;
  clock?: () => Date;
  logger?: Logger;
}

/** Connects to NATS, makes sure the streams and buckets exist, and loads the channel registry. */
export async function createOutboundRuntime(
  env: OutboundEnv,
  overrides: RuntimeOverrides = {},
): Promise<OutboundRuntime> {
  const logger = overrides.logger ?? createLogger("outbound", env.LOG_LEVEL);
  const names = cloudpaNames(env.CLOUDPA_NAMESPACE);
  const nc = await connectNats(env.NATS_URL, "cloudpa-outbound");
  try {
    const { jsm, kv, outboundQuarantine } = await ensureStreams(nc, names, {
      duplicateWindowMs: env.DUPLICATE_WINDOW_MS,
      replicas: env.STREAM_REPLICAS,
    });
    const attemptsKv = await openAttemptsBucket(nc, names, { replicas: env.STREAM_REPLICAS });
    const channels = await ChannelRegistry.start(kv, {
      credentialsKey: env.CREDENTIALS_KEY,
      envChannel: envChannelOf(env),
      logger,
    });
    const twilioTimeoutMs = overrides.settings?.twilioTimeoutMs ?? 15_000;
    const settings: SendSettings = {
      maxDeliveries: 5,
      retryBaseDelayMs: 1000,
      maxRetryDelayMs: 30_000,
      failureRetryDelayMs: 2000,
      attemptLeaseMs: twilioTimeoutMs + 10_000,
      concurrency: env.INGEST_CONCURRENCY,
      statusCallback: webhookUrlsFor(env.PUBLIC_BASE_URL).statusCallback,
      ackWaitMs: env.OUTBOUND_ACK_WAIT_MS,
      ...overrides.settings,
      twilioTimeoutMs,
    };
    // A delivery redelivered while its Twilio call still runs is safe (the attempt store), but
    // every send would then be handled twice over: refuse such a setting at start.
    if (settings.ackWaitMs <= settings.twilioTimeoutMs)
      throw new Error(
        `bad configuration:\n  OUTBOUND_ACK_WAIT_MS: ${settings.ackWaitMs} ms must exceed the Twilio timeout (${settings.twilioTimeoutMs} ms)`,
      );
    const js = jetstream(nc);
    const realGateway = new TwilioRestGateway({ apiBaseUrl: env.TWILIO_API_BASE_URL, timeoutMs: twilioTimeoutMs });
    const realAppender = signedAppender(js, names, env.OUTBOUND_SIGNING_KEY);
    const registry = createMetricsRegistry("outbound");
    let connected = true;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === "disconnect") {
          connected = false;
          logger.warn("NATS disconnected", { server: status.server });
        } else if (status.type === "reconnect") {
          connected = true;
          logger.info("NATS reconnected", { server: status.server });
        }
      }
    })();
    return {
      env,
      names,
      nc,
      js,
      jsm,
      channels,
      attempts: new AttemptStore(attemptsKv),
      quarantine: new CommandQuarantine(outboundQuarantine),
      conversations: new ConversationEvents(js, jsm, names, env.EVENT_PUBLIC_KEYS, logger),
      gateway: overrides.gateway ? overrides.gateway(realGateway) : realGateway,
      appender: overrides.appender ? overrides.appender(realAppender) : realAppender,
      rateLimiter: new ChannelRateLimiter(env.TWILIO_MESSAGES_PER_SECOND),
      registry,
      metrics: new OutboundMetrics(registry, jsm, names),
      logger,
      settings,
      owner: randomUUID(),
      clock: overrides.clock ?? (() => new Date()),
      natsConnected: () => connected && !nc.isClosed(),
      async close() {
        channels.stop();
        if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
      },
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
}

export const OUTBOUND_RUNTIME = Symbol("OUTBOUND_RUNTIME");
