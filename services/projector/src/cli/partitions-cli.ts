import { parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { ServiceNats } from "@cloudpa/kit/core";
import { READ_MODEL_SCHEMA } from "@cloudpa/read-model";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { positiveInt } from "./cli-args.js";
import { abortOnInterrupt } from "./interrupt.js";
import { MigrationRefused, migrateToPartitions } from "./partitions-migrate.js";

export const PARTITIONS_USAGE = `  partitions migrate [--quiet-seconds N]  move a stream and read model from before partitions to partitions
                                        (docs/decisions/019; stop the projector first, the inbox keeps serving)`;

/** `cloudpa partitions migrate`: exit 0 when migrated or already partitioned, 1 when refused, 2 on usage. */
export async function runPartitionsCli(args: string[]): Promise<number> {
  const [sub, ...options] = args;
  if (sub !== "migrate") {
    process.stderr.write(`usage:\n${PARTITIONS_USAGE}\n`);
    return 2;
  }
  const at = options.indexOf("--quiet-seconds");
  const quietSeconds = positiveInt(at >= 0 ? options[at + 1] : undefined, "--quiet-seconds") ?? 5;
  const env = parseEnv(projectorEnvSchema);
  const nats = await ServiceNats.connect(env, { clientName: "projector-cli-partitions" });
  const database = await ReadModelDatabase.open(env.DATABASE_URL, READ_MODEL_SCHEMA, 2);
  const interrupt = abortOnInterrupt("\ninterrupted: nothing recorded\n");
  try {
    const outcome = await migrateToPartitions({
      nats,
      pool: database.pool,
      schema: READ_MODEL_SCHEMA,
      quietMs: quietSeconds * 1000,
      progress: (line) => process.stderr.write(`${line}\n`),
      signal: interrupt.signal,
    });
    const { since } = outcome;
    process.stdout.write(
      outcome.kind === "already"
        ? `already partitioned: ${since.partitions} partitions after seq ${since.afterSeq} (${since.by}, ${since.at})\n`
        : `migrated: ${since.partitions} partitions after seq ${since.afterSeq}; old-format events end at seq ${outcome.lastLegacySeq}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof MigrationRefused)) throw error;
    process.stderr.write(`refused (${error.code}): ${error.message}\n`);
    return 1;
  } finally {
    interrupt.release();
    await database.close();
    await nats.close();
  }
}
