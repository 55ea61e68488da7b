import type { ProjectorEnv } from "@cloudpa/contracts";
import {
  type Logger,
  OpsController,
  READINESS_CHECKS,
  type ReadinessCheck,
  ServiceNats,
  serviceKitModule,
} from "@cloudpa/kit";
import { READ_MODEL_SCHEMA } from "@cloudpa/read-model/projection";
import { type DynamicModule, Global, Module } from "@nestjs/common";
import { Registry } from "prom-client";
import { consumerModuleFor, PROJECTOR_RUNNER, type ProjectorRunner } from "./consumer/consumer.module.js";
import { ReadModelDatabase } from "./database/read-model-database.js";
import { ProjectorMetrics } from "./ops/projector-metrics.js";
import { PROJECTOR_ENV } from "./projector-env.js";

/** The read model's database and the metrics every projector module uses (the kit gives NATS, the logger and the registry). */
@Global()
@Module({})
class InfrastructureModule {}

/** The projector: the live consumer and the ops routes. */
@Module({})
export class AppModule {}

export interface ProjectorAppOptions {
  logger: Logger;
  /** The read model's schema (tests and rebuild rehearsals use others). */
  schema?: string;
  /** The durable consumers' name (tests running two projectors, into two schemas, on one stream). */
  durable?: string;
}

export function appModuleFor(env: ProjectorEnv, options: ProjectorAppOptions): DynamicModule {
  const schema = options.schema ?? READ_MODEL_SCHEMA;
  const infrastructure: DynamicModule = {
    module: InfrastructureModule,
    global: true,
    providers: [
      { provide: PROJECTOR_ENV, useValue: env },
      {
        provide: ReadModelDatabase,
        useFactory: () => ReadModelDatabase.open(env.DATABASE_URL, schema, 4, options.logger),
      },
      {
        provide: ProjectorMetrics,
        useFactory: (registry: Registry, nats: ServiceNats) =>
          new ProjectorMetrics(registry, () => nats.streamLastSeq(), nats),
        inject: [Registry, ServiceNats],
      },
    ],
    exports: [PROJECTOR_ENV, ReadModelDatabase, ProjectorMetrics],
  };
  return {
    module: AppModule,
    imports: [
      serviceKitModule({ service: "projector", env, logger: options.logger }),
      infrastructure,
      consumerModuleFor(env, options.durable),
    ],
    controllers: [OpsController],
    providers: [
      {
        provide: READINESS_CHECKS,
        useFactory: (nats: ServiceNats, database: ReadModelDatabase, consumer: ProjectorRunner): ReadinessCheck[] => [
          // A round trip: a frozen server keeps the connection open, so "connected" says nothing.
          { name: "nats", check: () => nats.streamsPresent() },
          { name: "postgres", check: () => database.reachable() },
          { name: "consumer", check: () => consumer.bound },
          // Not ready while a partition is projected by no instance (docs/decisions/020).
          { name: "partitions", check: () => consumer.partitionsCovered ?? true },
        ],
        inject: [ServiceNats, ReadModelDatabase, PROJECTOR_RUNNER],
      },
    ],
  };
}
