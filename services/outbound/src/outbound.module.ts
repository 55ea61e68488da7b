import { randomUUID } from "node:crypto";
import type { OutboundEnv } from "@cloudpa/contracts";
import {
  ChannelRegistry,
  channelRegistryProviders,
  type Logger,
  OpsController,
  READINESS_CHECKS,
  type ReadinessCheck,
  ServiceNats,
  serviceKitModule,
} from "@cloudpa/kit";
import { type DynamicModule, Module } from "@nestjs/common";
import { Registry } from "prom-client";
import { MEDIA_KEEPER_HOOKS, MediaKeeper, type MediaKeeperHooks, NO_MEDIA_KEEPER_HOOKS } from "./media/media-keeper.js";
import { OutboundMetrics } from "./ops/outbound-metrics.js";
import {
  ATTEMPT_OWNER,
  CLOCK,
  type Clock,
  OUTBOUND_ENV,
  SEND_SETTINGS,
  type SendSettings,
  sendSettingsOf,
} from "./outbound-config.js";
import { CommandQuarantine } from "./quarantine/command-quarantine.js";
import { AttemptStore } from "./send-reply/attempt-store.js";
import { CommandsConsumer } from "./send-reply/commands-consumer.js";
import { ConversationEvents } from "./send-reply/conversation-events.js";
import { EVENT_APPENDER, type EventAppender, signedAppender } from "./send-reply/event-appender.js";
import { SendReplyHandler } from "./send-reply/send-reply.handler.js";
import { ChannelRateLimiter } from "./twilio/channel-rate-limiter.js";
import { TWILIO_GATEWAY, type TwilioGateway, TwilioRestGateway } from "./twilio/twilio-gateway.js";

/**
 * What a test may replace: the Twilio gateway and the appender (to inject a crash), timings, the
 * clock, and the media keeper's hooks (to erase a message while its copies are being stored).
 */
export interface OutboundOverrides {
  gateway?: (real: TwilioGateway) => TwilioGateway;
  appender?: (real: EventAppender) => EventAppender;
  settings?: Partial<SendSettings>;
  clock?: Clock;
  mediaKeeperHooks?: MediaKeeperHooks;
}

@Module({})
export class OutboundModule {}

/**
 * The outbound for one parsed env: the commands consumer, the SendReply handler and each of its
 * collaborators as its own provider, and `/healthz`, `/readyz`, `/metrics`. The kit gives the
 * logger, NATS (streams checked at start) and the registry. Bad send settings throw here, before
 * anything connects.
 */
export function outboundModule(env: OutboundEnv, logger: Logger, overrides: OutboundOverrides = {}): DynamicModule {
  const settings = sendSettingsOf(env, overrides.settings);
  return {
    module: OutboundModule,
    imports: [serviceKitModule({ service: "outbound", env, logger })],
    controllers: [OpsController],
    providers: [
      { provide: OUTBOUND_ENV, useValue: env },
      { provide: SEND_SETTINGS, useValue: settings },
      { provide: CLOCK, useValue: overrides.clock ?? (() => new Date()) },
      { provide: ATTEMPT_OWNER, useValue: randomUUID() },
      ...channelRegistryProviders(env, logger),
      {
        provide: AttemptStore,
        useFactory: async (nats: ServiceNats) => new AttemptStore(await nats.bucket(nats.names.outboundAttemptsBucket)),
        inject: [ServiceNats],
      },
      {
        provide: CommandQuarantine,
        useFactory: async (nats: ServiceNats) =>
          new CommandQuarantine(await nats.bucket(nats.names.outboundQuarantineBucket)),
        inject: [ServiceNats],
      },
      {
        provide: ConversationEvents,
        useFactory: (nats: ServiceNats) =>
          new ConversationEvents(nats.js, nats.jsm, nats.names, env.EVENT_PUBLIC_KEYS, logger),
        inject: [ServiceNats],
      },
      {
        provide: TWILIO_GATEWAY,
        useFactory: (): TwilioGateway => {
          const real = new TwilioRestGateway({
            apiBaseUrl: env.TWILIO_API_BASE_URL,
            timeoutMs: settings.twilioTimeoutMs,
          });
          return overrides.gateway ? overrides.gateway(real) : real;
        },
      },
      {
        provide: EVENT_APPENDER,
        useFactory: (nats: ServiceNats): EventAppender => {
          const real = signedAppender(nats.js, nats.names, env.OUTBOUND_SIGNING_KEY);
          return overrides.appender ? overrides.appender(real) : real;
        },
        inject: [ServiceNats],
      },
      { provide: ChannelRateLimiter, useValue: new ChannelRateLimiter(env.TWILIO_MESSAGES_PER_SECOND) },
      {
        provide: OutboundMetrics,
        useFactory: (registry: Registry, nats: ServiceNats) => new OutboundMetrics(registry, nats.jsm, nats.names),
        inject: [Registry, ServiceNats],
      },
      SendReplyHandler,
      CommandsConsumer,
      { provide: MEDIA_KEEPER_HOOKS, useValue: overrides.mediaKeeperHooks ?? NO_MEDIA_KEEPER_HOOKS },
      MediaKeeper,
      {
        provide: READINESS_CHECKS,
        useFactory: (nats: ServiceNats, channels: ChannelRegistry, consumer: CommandsConsumer): ReadinessCheck[] => [
          // A round trip: a frozen server keeps the connection open, so "connected" says nothing.
          { name: "nats", check: () => nats.streamsPresent() },
          { name: "channels", check: () => channels.isLoaded() },
          { name: "commands", check: () => consumer.isRunning() },
        ],
        inject: [ServiceNats, ChannelRegistry, CommandsConsumer],
      },
    ],
  };
}
