import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from "@nestjs/common";
import { Registry } from "prom-client";
import type { Logger } from "./logger.js";
import { createMetricsRegistry } from "./metrics.js";
import { type NatsEnv, ServiceNats } from "./service-nats.js";

/** The service's JSON logger, as every Nest service injects it (`@Inject(LOGGER) logger: Logger`). */
export const LOGGER = Symbol("LOGGER");

export interface ServiceKitOptions {
  /** The service's name: its metrics' `service` label and, as `cloudpa-<service>`, its NATS client name. */
  service: string;
  /** The parsed env: where NATS is and the namespace. */
  env: NatsEnv;
  logger: Logger;
}

/** Drains NATS once the service's own modules have stopped (this module is global, so its hooks run last). */
@Injectable()
class NatsShutdown implements OnApplicationShutdown {
  constructor(@Inject(ServiceNats) private readonly nats: ServiceNats) {}
  onApplicationShutdown(): Promise<void> {
    return this.nats.close();
  }
}

/** The module `serviceKitModule` configures. */
@Module({})
export class ServiceKitModule {}

/**
 * What every Nest service is composed on, given once: the logger (`LOGGER`), the NATS connection
 * with its status (`ServiceNats`, streams checked at start) and the Prometheus registry
 * (`Registry`, which the kit's OpsController serves). Global, so feature modules inject them
 * without importing it; Nest stops global modules last, so NATS is drained after the consumers
 * and handlers that use it have stopped.
 */
export function serviceKitModule(options: ServiceKitOptions): DynamicModule {
  return {
    module: ServiceKitModule,
    global: true,
    providers: [
      { provide: LOGGER, useValue: options.logger },
      { provide: Registry, useValue: createMetricsRegistry(options.service) },
      {
        provide: ServiceNats,
        useFactory: () =>
          ServiceNats.connect(options.env, { clientName: `cloudpa-${options.service}`, logger: options.logger }),
      },
      NatsShutdown,
    ],
    exports: [LOGGER, Registry, ServiceNats],
  };
}
