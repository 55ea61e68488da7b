import type { CloudpaEvent, ProjectorEnv } from "@cloudpa/contracts";
import { createLogger, ServiceNats } from "@cloudpa/kit";
import { type AllRows, allRowsOf, migrateReadModel } from "@cloudpa/read-model";
import { readAllRows } from "@cloudpa/read-model/testing";
import type { Testbed } from "@cloudpa/testkit";
import { rebuildReadModel } from "../cli/rebuild.js";
import { ReadModelDatabase } from "../database/read-model-database.js";
import {
  appendEvents,
  foldOf,
  projectorCaughtUp,
  projectorEnvFor,
  startProjector,
  withClient,
} from "./projector-harness.js";

/** What a story left in the read model, live, and what its pure fold says it must be. */
export interface ProjectedStory {
  /** The projector's env: the rebuild reads the same stream and keys. */
  env: ProjectorEnv;
  live: AllRows;
  folded: AllRows;
}

/**
 * Projects a story live, as the running projector does: started in-process in batches of
 * `batchSize` (closed with the testbed), the story appended one event at a time, every partition
 * caught up. Returns its rows next to the fold's.
 */
export async function projectStoryLive(
  bed: Testbed,
  story: CloudpaEvent[],
  { batchSize }: { batchSize: number },
): Promise<ProjectedStory> {
  const { nats, db, keys } = bed;
  const env = projectorEnvFor(nats, db.url, keys, { PROJECTOR_BATCH_SIZE: String(batchSize) });
  bed.closeAfter(await startProjector(env));
  const acks = await appendEvents(nats, keys, story);
  await projectorCaughtUp(nats, db.url, acks.at(-1)?.seq ?? 0);
  const live = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
  return { env, live, folded: allRowsOf(foldOf(story)) };
}

/**
 * Rebuilds the read model at `databaseUrl` from the env's stream as the operator's
 * `cli.js rebuild` does (a fresh schema, folded, swapped in), and returns every row after it.
 */
export async function rebuiltRows(
  env: ProjectorEnv,
  databaseUrl: string,
  { clientName, workers }: { clientName: string; workers?: number },
): Promise<AllRows> {
  const nats = await ServiceNats.connect(env, { clientName });
  const database = await ReadModelDatabase.open(databaseUrl, "readmodel");
  try {
    await rebuildReadModel({
      nats,
      pool: database.pool,
      keyring: env.EVENT_PUBLIC_KEYS,
      migrateFreshSchema: (schema) => migrateReadModel(databaseUrl, schema),
      logger: createLogger("rebuild", "silent"),
      workers,
    });
  } finally {
    await database.close();
    await nats.close();
  }
  return withClient(databaseUrl, (client) => readAllRows(client, "readmodel"));
}
