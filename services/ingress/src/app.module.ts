import type { IngressEnv } from "@cloudpa/contracts";
import {
  ChannelRegistry,
  createMetricsRegistry,
  envChannelOf,
  type Logger,
  OpsController,
  READINESS_CHECKS,
  type ReadinessCheck,
} from "@cloudpa/kit";
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from "@nestjs/common";
import { CqrsModule } from "@nestjs/cqrs";
import { Registry } from "prom-client";
import { INGRESS_ENV } from "./ingress-env.js";
import { LOGGER } from "./ops/ingress-logger.js";
import { IngressMetrics } from "./ops/ingress-metrics.js";
import { ReceiveStatusController } from "./status/receive-status/receive-status.controller.js";
import { ReceiveStatusHandler } from "./status/receive-status/receive-status.handler.js";
import { EventStream } from "./stream/event-stream.js";
import { NatsContext } from "./stream/nats-context.js";
import { ReceiveInboundController } from "./webhook/receive-inbound/receive-inbound.controller.js";
import { ReceiveInboundHandler } from "./webhook/receive-inbound/receive-inbound.handler.js";

/** Stops the registry watch and drains NATS when the app closes. */
@Injectable()
class IngressShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(ChannelRegistry) private readonly registry: ChannelRegistry,
    @Inject(NatsContext) private readonly nats: NatsContext,
  ) {}
  async onApplicationShutdown() {
    this.registry.stop();
    await this.nats.close();
  }
}

/** The ingress: the two webhooks, the ops routes, and what they need. */
@Module({})
export class AppModule {}

/** The app module for one parsed env (tests build several, each with its own). */
export function appModuleFor(env: IngressEnv, logger: Logger): DynamicModule {
  return {
    module: AppModule,
    imports: [CqrsModule.forRoot()],
    controllers: [ReceiveInboundController, ReceiveStatusController, OpsController],
    providers: [
      { provide: INGRESS_ENV, useValue: env },
      { provide: LOGGER, useValue: logger },
      { provide: Registry, useValue: createMetricsRegistry("ingress") },
      {
        provide: IngressMetrics,
        useFactory: (registry: Registry, nats: NatsContext) => new IngressMetrics(registry, nats.jsm, nats.names),
        inject: [Registry, NatsContext],
      },
      {
        provide: NatsContext,
        useFactory: async () => {
          const nats = await NatsContext.connect(env, logger);
          logger.info("streams ready", {
            eventsStream: nats.names.eventsStream,
            channelsBucket: nats.names.channelsBucket,
          });
          return nats;
        },
      },
      {
        provide: ChannelRegistry,
        useFactory: (nats: NatsContext) =>
          ChannelRegistry.start(nats.kv, {
            credentialsKey: env.CREDENTIALS_KEY,
            envChannel: envChannelOf(env),
            logger,
          }),
        inject: [NatsContext],
      },
      {
        provide: EventStream,
        useFactory: (nats: NatsContext, metrics: IngressMetrics) => EventStream.fromEnv(nats, env, metrics, logger),
        inject: [NatsContext, IngressMetrics],
      },
      {
        provide: READINESS_CHECKS,
        useFactory: (nats: NatsContext, registry: ChannelRegistry): ReadinessCheck[] => [
          { name: "nats", check: () => nats.isConnected() },
          { name: "streams", check: () => nats.streamsPresent() },
          { name: "channelRegistry", check: () => registry.isLoaded() },
        ],
        inject: [NatsContext, ChannelRegistry],
      },
      ReceiveInboundHandler,
      ReceiveStatusHandler,
      IngressShutdown,
    ],
  };
}
