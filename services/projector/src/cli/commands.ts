import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { asksForHelp, createLogger, errorContext, loadDotEnv, ServiceNats, usageOf } from "@cloudpa/kit/core";
import { positiveInt, UsageError } from "./cli-args.js";
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
  return `usage: npm run cloudpa -- <command>
  migrate [--schema NAME]               create the schema (default readmodel) and run pending migrations
  status [--json] [--partitions]        stream head, checkpoints and lag, quarantined events
                                        (--partitions: a line for every partition, caught up or not)
  rebuild [--batch-size N] [--progress] rebuild every readmodel table from sequence 1 and swap it in
  replay --from-seq N [--to-seq M] --dry-run   apply a range in a rolled-back transaction and report
${QUARANTINE_USAGE}
${EVENT_HISTORY_USAGE}
${PARTITIONS_USAGE}`;
}

/**
 * The options of the commands parsed here. Strict: an option a command does not take is refused
 * before it runs (`rebuild --help` rebuilt the read model; a mistyped `--batchsize` was ignored).
 */
const COMMAND_OPTIONS = {
  migrate: { schema: { type: "string" } },
  status: { json: { type: "boolean" }, partitions: { type: "boolean" } },
  rebuild: { "batch-size": { type: "string" }, progress: { type: "boolean" } },
  replay: {
    "from-seq": { type: "string" },
    "to-seq": { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  },
} satisfies Record<string, ParseArgsOptionsConfig>;

function optionsOf(command: keyof typeof COMMAND_OPTIONS, args: string[]) {
  try {
    return parseArgs({ args, options: COMMAND_OPTIONS[command], strict: true, allowPositionals: false }).values as {
      [name: string]: string | boolean | undefined;
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const [command, ...args] = argv;
  // Help, asked anywhere on the line, is printed and nothing runs.
  if (command === "help" || asksForHelp(argv)) {
    process.stdout.write(`${usageOf(await usage(), command)}\n`);
    return 0;
  }
  try {
    return await run(command, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cloudpa ${command}: ${error.message}\n${usageOf(await usage(), command)}\n`);
    return 2;
  }
}

async function run(command: string | undefined, args: string[]): Promise<number> {
  if (command === "migrate") {
    const { DATABASE_URL } = parseEnv(projectorEnvSchema.pick({ DATABASE_URL: true }));
    const { migrateReadModel, quotedSchema } = await import("@cloudpa/read-model");
    const schema = optionsOf("migrate", args).schema as string | undefined;
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
  // The command line is checked whole before the environment is read or anything connects: a
  // mistyped option is told as that, not as the configuration's first missing variable.
  const options = optionsOf(command, args);
  const batchSize = positiveInt(options["batch-size"] as string | undefined, "--batch-size");
  const fromSeq = positiveInt(options["from-seq"] as string | undefined, "--from-seq");
  const toSeq = positiveInt(options["to-seq"] as string | undefined, "--to-seq");
  if (command === "replay" && (fromSeq === undefined || options["dry-run"] !== true)) {
    process.stderr.write("replay needs --from-seq N and --dry-run (it never writes; `rebuild` does)\n");
    return 2;
  }
  const env = parseEnv(projectorEnvSchema);
  if (command === "status")
    return (await import("./status-command.js")).runStatusCommand(env, {
      json: options.json === true,
      everyPartition: options.partitions === true,
    });
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
        batchSize,
        progress: process.stderr.isTTY || options.progress === true,
        signal: interrupt.signal,
      });
      process.stdout.write(
        `rebuilt: ${report.loadedEvents} events loaded at ${report.eventsPerSecond} events/s, ` +
          `${report.caughtUpEvents} caught up, checkpoint ${report.checkpoint}, ` +
          `${report.quarantined} quarantined, ${report.totalSeconds.toFixed(1)} s in all\n`,
      );
      return 0;
    }
    if (fromSeq === undefined) throw new Error("unreachable: replay's --from-seq was checked above");
    const { formatReplay, replayDryRun } = await import("./replay.js");
    const report = await replayDryRun({
      nats,
      pool: database.pool,
      keyring: env.EVENT_PUBLIC_KEYS,
      fromSeq,
      toSeq,
    });
    process.stdout.write(`${options.json === true ? JSON.stringify(report, null, 2) : formatReplay(report)}\n`);
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
