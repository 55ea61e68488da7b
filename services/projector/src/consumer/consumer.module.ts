import { hostname } from "node:os";
import type { ProjectorEnv } from "@cloudpa/contracts";
import { LOGGER, type Logger, readPartitionedSince, ServiceNats } from "@cloudpa/kit";
import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from "@nestjs/common";
import pLimit from "p-limit";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { ProjectorMetrics } from "../ops/projector-metrics.js";
import { BatchApplier, swapLockName } from "./batch-applier.js";
import { EnvelopeWorkers } from "./envelope-workers.js";
import { PartitionLeases } from "./leases/partition-leases.js";
import { PartitionSupervisor } from "./leases/partition-supervisor.js";
import { type PartitionLease, PROJECTOR_DURABLE, ProjectorConsumer, partitionDurable } from "./projector-consumer.js";

/** What runs the live projection: one consumer of the whole stream, or the partitions this instance holds. */
export interface ProjectorRunner {
  readonly bound: boolean;
  /** Partitions shared by leases: whether no partition stayed unheld by every instance past the takeover time. */
  readonly partitionsCovered?: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}
export const PROJECTOR_RUNNER = Symbol("PROJECTOR_RUNNER");

/** Starts consuming once the app is up; stops (finishing the batch in hand) on shutdown, before the kit drains NATS. */
@Injectable()
class ConsumerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PROJECTOR_RUNNER) private readonly runner: ProjectorRunner,
    @Inject(ReadModelDatabase) private readonly database: ReadModelDatabase,
    @Inject(EnvelopeWorkers) private readonly opener: EnvelopeWorkers,
  ) {}
  /** Not awaited: the ops routes answer (not ready) while Postgres or NATS are still away. */
  onApplicationBootstrap() {
    void this.runner.start();
  }
  async onApplicationShutdown() {
    await this.runner.stop();
    await this.opener.stop();
    await this.database.close();
  }
}

/** The durable consumers and the batch applier behind them. */
@Module({})
export class ConsumerModule {}

/** This process in the leases bucket: unique per process, readable in `cloudpa status`. */
function instanceId(): string {
  return `${hostname().replace(/[^A-Za-z0-9_-]/g, "_")}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The live projection of `env`'s namespace into the database's schema. Once the set-up (or
 * `cloudpa partitions migrate`) recorded that the stream is partitioned, the instances share the
 * partitions through leases (docs/decisions/020); before that, one consumer reads the whole
 * stream from the checkpoint of before partitions. `durable`: the durable consumers' name (tests
 * running two projectors into two schemas).
 */
export function consumerModuleFor(env: ProjectorEnv, durable?: string): DynamicModule {
  return {
    module: ConsumerModule,
    providers: [
      {
        provide: PROJECTOR_RUNNER,
        useFactory: async (
          nats: ServiceNats,
          database: ReadModelDatabase,
          metrics: ProjectorMetrics,
          logger: Logger,
          opener: EnvelopeWorkers,
        ): Promise<ProjectorRunner> => {
          const durableOf = (partition: number) => (durable ? `${durable}-p${partition}` : partitionDurable(partition));
          // One bind at a time (docs/decisions/042): nats-server answers a connection's requests in
          // turn, so binds sent together only wait there, each against its own request timeout.
          const bindGate = pLimit(1);
          const consumerOf = (partition?: PartitionLease) =>
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
                ...(partition ? { partition: { index: partition.index, leaseEpoch: partition.leaseEpoch } } : {}),
              }),
              opener,
              batchSize: env.PROJECTOR_BATCH_SIZE,
              metrics,
              logger: partition ? logger.child({ partition: partition.index }) : logger,
              durable: partition ? durableOf(partition.index) : (durable ?? PROJECTOR_DURABLE),
              ...(partition ? { partition } : {}),
              bindGate,
              whileConnected: (request) => nats.whileConnected(request),
            });
          const since = await readPartitionedSince(await nats.bucket(nats.names.configBucket));
          if (since === null) {
            logger.warn(
              "the stream is not partitioned yet (`cloudpa partitions migrate`): one consumer reads it whole",
              {},
            );
            return consumerOf();
          }
          const leases = await PartitionLeases.connect(env, instanceId(), durable ?? PROJECTOR_DURABLE, logger);
          const supervisor = new PartitionSupervisor({
            leases,
            partitions: nats.names.partitions,
            consumerOf,
            metrics,
            logger,
          });
          metrics.measurePartitions(supervisor, nats, durableOf);
          return supervisor;
        },
        inject: [ServiceNats, ReadModelDatabase, ProjectorMetrics, LOGGER, EnvelopeWorkers],
      },
      { provide: EnvelopeWorkers, useFactory: () => EnvelopeWorkers.start(env.EVENT_PUBLIC_KEYS) },
      ConsumerLifecycle,
    ],
    exports: [PROJECTOR_RUNNER],
  };
}
