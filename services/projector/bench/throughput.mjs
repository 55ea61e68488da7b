// Measures the projector's throughput on this machine (not a test: numbers, no assertions).
// Run after `tsc -b services/projector`: node services/projector/bench/throughput.mjs [events]
import { createLogger, ServiceNats } from "@cloudpa/kit";
import { migrateReadModel } from "@cloudpa/read-model";
import { testDatabase, testKeys, testNats, waitFor } from "@cloudpa/testkit";
import { rebuildReadModel } from "../dist/cli/rebuild.js";
import { ReadModelDatabase } from "../dist/database/read-model-database.js";
import { createProjectorApp } from "../dist/projector-app.js";
import { appendPipelined, checkpointOf, projectorEnvFor, trafficOf } from "../dist/testing/projector-harness.js";

const count = Number(process.argv[2] ?? 50_000);
const [nats, db] = await Promise.all([testNats(), testDatabase()]);
const keys = testKeys();
try {
  let t = performance.now();
  const lastSeq = await appendPipelined(nats, keys, trafficOf(count));
  const publishSeconds = (performance.now() - t) / 1000;
  console.log(
    `published ${count} signed events in ${publishSeconds.toFixed(1)} s (${Math.round(count / publishSeconds)}/s)`,
  );

  const env = projectorEnvFor(nats, db.url, keys, { PROJECTOR_BATCH_SIZE: process.env.PROJECTOR_BATCH_SIZE ?? "500" });
  await migrateReadModel(db.url);
  t = performance.now();
  const app = await createProjectorApp(env, { logger: createLogger("projector", "silent") });
  await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, { timeoutMs: 600_000, intervalMs: 100 });
  const liveSeconds = (performance.now() - t) / 1000;
  console.log(
    `live projector: ${count} events in ${liveSeconds.toFixed(1)} s = ${Math.round(count / liveSeconds)} events/s`,
  );

  const projectorNats = await ServiceNats.connect(env, { clientName: "bench-rebuild" });
  const database = await ReadModelDatabase.open(db.url, "readmodel");
  const report = await rebuildReadModel({
    nats: projectorNats,
    pool: database.pool,
    keyring: env.EVENT_PUBLIC_KEYS,
    databaseUrl: db.url,
    logger: createLogger("rebuild", "silent"),
    progress: true,
  });
  console.log(
    `rebuild: load ${report.loadedEvents} events at ${report.eventsPerSecond} events/s, ` +
      `${report.totalSeconds.toFixed(1)} s in all (${Math.round(report.loadedEvents / report.totalSeconds)} events/s end to end)`,
  );
  await app.close();
  await database.close();
  await projectorNats.close();
} finally {
  await nats.cleanup();
  await db.drop();
}
