import type { IngressEnv } from "@cloudpa/contracts";
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
import { CqrsModule } from "@nestjs/cqrs";
import { Registry } from "prom-client";
import { INGRESS_ENV } from "./ingress-env.js";
import { IngressMetrics } from "./ops/ingress-metrics.js";
import { ReceiveStatusHandler } from "./status/receive-status/receive-status.handler.js";
import { EventStream } from "./stream/event-stream.js";
import { ReceiveInboundHandler } from "./webhook/receive-inbound/receive-inbound.handler.js";

/** The ingress: the ops routes, the webhooks' handlers, and what they need (the webhook routes: ingress-app.ts). */
@Module({})
export class AppModule {}

/** The app module for one parsed env (tests build several, each with its own). */
export function appModuleFor(env: IngressEnv, logger: Logger): DynamicModule {
  return {
    module: AppModule,
    imports: [CqrsModule.forRoot(), serviceKitModule({ service: "ingress", env, logger })],
    controllers: [OpsController],
    providers: [
      { provide: INGRESS_ENV, useValue: env },
      {
        provide: IngressMetrics,
        useFactory: (registry: Registry, nats: ServiceNats) => new IngressMetrics(registry, nats.jsm, nats.names),
        inject: [Registry, ServiceNats],
      },
      ...channelRegistryProviders(env, logger),
      {
        provide: EventStream,
        useFactory: (nats: ServiceNats, metrics: IngressMetrics) => EventStream.fromEnv(nats, env, metrics, logger),
        inject: [ServiceNats, IngressMetrics],
      },
      {
        provide: READINESS_CHECKS,
        useFactory: (nats: ServiceNats, registry: ChannelRegistry): ReadinessCheck[] => [
          { name: "nats", check: () => nats.isConnected() },
          { name: "streams", check: () => nats.streamsPresent() },
          { name: "channelRegistry", check: () => registry.isLoaded() },
        ],
        inject: [ServiceNats, ChannelRegistry],
      },
      ReceiveInboundHandler,
      ReceiveStatusHandler,
    ],
  };
}
