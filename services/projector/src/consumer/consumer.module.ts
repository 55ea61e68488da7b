import type { ProjectorEnv } from "@cloudpa/contracts";
import { LOGGER, type Logger, ServiceNats } from "@cloudpa/kit";
import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from "@nestjs/common";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { ProjectorMetrics } from "../ops/projector-metrics.js";
import { BatchApplier, swapLockName } from "./batch-applier.js";
import { EnvelopeWorkers } from "./envelope-workers.js";
import { ProjectorConsumer } from "./projector-consumer.js";

/** Starts consuming once the app is up; stops (finishing the batch in hand) on shutdown, before the kit drains NATS. */
@Injectable()
class ConsumerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ProjectorConsumer) private readonly consumer: ProjectorConsumer,
    @Inject(ReadModelDatabase) private readonly database: ReadModelDatabase,
    @Inject(EnvelopeWorkers) private readonly opener: EnvelopeWorkers,
  ) {}
  /** Not awaited: the ops routes answer (not ready) while Postgres or NATS are still away. */
  onApplicationBootstrap() {
    void this.consumer.start();
  }
  async onApplicationShutdown() {
    await this.consumer.stop();
    await this.opener.stop();
    await this.database.close();
  }
}

/** The durable consumer and the batch applier behind it. */
@Module({})
export class ConsumerModule {}

export function consumerModuleFor(env: ProjectorEnv, durable?: string): DynamicModule {
  return {
    module: ConsumerModule,
    providers: [
      {
        provide: ProjectorConsumer,
        useFactory: (
          nats: ServiceNats,
          database: ReadModelDatabase,
          metrics: ProjectorMetrics,
          logger: Logger,
          opener: EnvelopeWorkers,
        ) =>
          new ProjectorConsumer({
            nc: nats.nc,
            js: nats.js,
            jsm: nats.jsm,
            names: nats.names,
            pool: database.pool,
            schema: database.schema,
            applier: new BatchApplier(database.pool, {
              schema: database.schema,
              stream: nats.names.eventsStream,
              lockName: swapLockName(database.schema),
            }),
            opener,
            batchSize: env.PROJECTOR_BATCH_SIZE,
            concurrency: env.INGEST_CONCURRENCY,
            metrics,
            logger,
            durable,
          }),
        inject: [ServiceNats, ReadModelDatabase, ProjectorMetrics, LOGGER, EnvelopeWorkers],
      },
      { provide: EnvelopeWorkers, useFactory: () => EnvelopeWorkers.start(env.EVENT_PUBLIC_KEYS) },
      ConsumerLifecycle,
    ],
    exports: [ProjectorConsumer],
  };
}
