import { type ScratchDatabase, scratchDatabase } from "@cloudpa/testkit/scratch-database";
import { benchName, serverDatabaseUrl } from "./bench-env.js";
import { onInterrupt } from "./interrupt.js";

export type BenchDatabase = ScratchDatabase;

/**
 * A database of the run's own, dropped at the end (or on an interrupt) by testkit's drop, which lets
 * the connections a group's pool is closing close before it forces any left.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const database = await scratchDatabase(serverDatabaseUrl, benchName("cloudpa_bench_"));
  const forget = onInterrupt(database.drop);
  return {
    ...database,
    drop: async () => {
      forget();
      await database.drop();
    },
  };
}
