import { cloudpaNames, type ProjectorEnv } from "@cloudpa/contracts";
import { ServiceNats } from "@cloudpa/kit/core";
import { READ_MODEL_SCHEMA } from "@cloudpa/read-model/projection";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { formatStatus, readStatus } from "./status.js";

/**
 * `cloudpa status [--json] [--partitions]`: what Postgres knows (checkpoints, the projector's quarantine) and what
 * NATS knows (the stream's head, lags, lease holders, the outbound's quarantine), each when it
 * answers in time. Exits 1 when either did not answer, so a script sees the status is partial.
 */
export async function runStatusCommand(
  env: ProjectorEnv,
  options: { json: boolean; everyPartition: boolean },
): Promise<number> {
  const database = await ReadModelDatabase.open(env.DATABASE_URL, READ_MODEL_SCHEMA, 4);
  let connected: ServiceNats | undefined;
  const nats = ServiceNats.connect(env, { clientName: "projector-cli-status" }).then((made) => {
    connected = made;
    return made;
  });
  // Its failure is reported by readStatus; a connect still pending when the status is printed ends with the process.
  nats.catch(() => undefined);
  const report = await readStatus(nats, database.pool, {
    streamName: cloudpaNames(env.CLOUDPA_NAMESPACE).eventsStream,
  });
  const shown = options.json ? JSON.stringify(report, null, 2) : formatStatus(report, options);
  process.stdout.write(`${shown}\n`);
  // Only what answered is closed: closing a frozen one would wait as long as it does (pg's pool
  // waits for its connection still connecting). The process's exit ends its connection.
  await Promise.all([report.postgres.answered && database.close(), report.nats.answered && connected?.close()]);
  return report.nats.answered && report.postgres.answered ? 0 : 1;
}
