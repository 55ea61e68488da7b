import { parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { createLogger, errorContext, loadDotEnv, ServiceNats } from "@cloudpa/kit/core";
import { positiveInt } from "./cli-args.js";
import { abortOnInterrupt } from "./interrupt.js";

// Each command's modules are imported when it runs (docs/decisions/024): the status and the
// quarantine commands load the live consumer's modules, and with them Nest and the OpenTelemetry
// SDK, about 8 MB of heap a rebuild would otherwise carry for its whole run.
async function usage(): Promise<string> {
  const [{ QUARANTINE_USAGE }, { EVENT_HISTORY_USAGE }, { PARTITIONS_USAGE }] = await Promise.all([
    import("./quarantine.js"),
    import("./event-history-commands.js"),
    import("./partitions-cli.js"),
  ]);
  return `usage: cli.js <command>
  migrate [--schema NAME]               create the schema (default readmodel) and run pending migrations
  status [--json]                       stream head, checkpoints and lag, quarantined events
  rebuild [--batch-size N]              rebuild every readmodel table from sequence 1 and swap it in
  replay --from-seq N [--to-seq M] --dry-run   apply a range in a rolled-back transaction and report
${QUARANTINE_USAGE}
${EVENT_HISTORY_USAGE}
${PARTITIONS_USAGE}`;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const [command, ...args] = argv;
  if (command === "migrate") {
    const { DATABASE_URL } = parseEnv(projectorEnvSchema.pick({ DATABASE_URL: true }));
    const { migrateReadModel, quotedSchema } = await import("@cloudpa/read-model");
    const schema = option(args, "--schema");
    if (schema !== undefined) quotedSchema(schema); // a plain schema name, or "not a schema name: …"
    const applied = await migrateReadModel(DATABASE_URL, schema);
    process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "read model is up to date\n");
    return 0;
  }
  if (command === "events" || command === "conversation")
    return (await import("./event-history-commands.js")).runEventHistoryCommand(command, args);
  if (command === "quarantine") return (await import("./quarantine.js")).runQuarantineCli(args);
  if (command === "partitions") return (await import("./partitions-cli.js")).runPartitionsCli(args);
  if (command !== "status" && command !== "rebuild" && command !== "replay") {
    process.stderr.write(`${await usage()}\n`);
    return 2;
  }
  const env = parseEnv(projectorEnvSchema);
  if (command === "status") return (await import("./status-command.js")).runStatusCommand(env, args);
  const logger = createLogger("projector-cli", env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);
  const nats = await ServiceNats.connect(env, { clientName: `projector-cli-${command}` });
  const [{ ReadModelDatabase }, { READ_MODEL_SCHEMA }] = await Promise.all([
    import("../database/read-model-database.js"),
    import("@cloudpa/read-model/projection"),
  ]);
  const database = await ReadModelDatabase.open(env.DATABASE_URL, READ_MODEL_SCHEMA, 4);
  const interrupt = abortOnInterrupt("\ninterrupted: stopping safely\n");
  try {
    if (command === "rebuild") {
      const [{ rebuildReadModel }, { migrateInChildProcess }] = await Promise.all([
        import("./rebuild.js"),
        import("./migrate-in-child.js"),
      ]);
      const report = await rebuildReadModel({
        nats,
        pool: database.pool,
        keyring: env.EVENT_PUBLIC_KEYS,
        migrateFreshSchema: migrateInChildProcess,
        logger,
        batchSize: positiveInt(option(args, "--batch-size"), "--batch-size"),
        progress: process.stderr.isTTY || args.includes("--progress"),
        signal: interrupt.signal,
      });
      process.stdout.write(
        `rebuilt: ${report.loadedEvents} events loaded at ${report.eventsPerSecond} events/s, ` +
          `${report.caughtUpEvents} caught up, checkpoint ${report.checkpoint}, ` +
          `${report.quarantined} quarantined, ${report.totalSeconds.toFixed(1)} s in all\n`,
      );
      return 0;
    }
    const fromSeq = positiveInt(option(args, "--from-seq"), "--from-seq");
    if (fromSeq === undefined || !args.includes("--dry-run")) {
      process.stderr.write("replay needs --from-seq N and --dry-run (it never writes; `rebuild` does)\n");
      return 2;
    }
    const { formatReplay, replayDryRun } = await import("./replay.js");
    const report = await replayDryRun({
      nats,
      pool: database.pool,
      keyring: env.EVENT_PUBLIC_KEYS,
      fromSeq,
      toSeq: positiveInt(option(args, "--to-seq"), "--to-seq"),
    });
    process.stdout.write(`${args.includes("--json") ? JSON.stringify(report, null, 2) : formatReplay(report)}\n`);
    return 0;
  } finally {
    interrupt.release();
    await database.close();
    await nats.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error) => {
    // Imported here, not at the start: the commands load what they need when they run (decision 024).
    const { isConnectTimeout, POSTGRES_CONNECT_TIMEOUT_MS } = await import("@cloudpa/read-model/projection");
    const message = isConnectTimeout(error)
      ? `Postgres did not accept a connection within ${POSTGRES_CONNECT_TIMEOUT_MS / 1000} s (is it running and answering at DATABASE_URL?)`
      : (error as Error).message;
    process.stderr.write(`${command()}: ${message}\n`);
    if (process.env.LOG_LEVEL === "debug") process.stderr.write(`${JSON.stringify(errorContext(error))}\n`);
    process.exit(1);
  },
);

function command() {
  return `cloudpa ${process.argv[2] ?? ""}`.trim();
}
