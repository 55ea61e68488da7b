import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { isUuid, parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { ServiceNats } from "@cloudpa/kit/core";
import { checkStoredEvent, conversationHistory, READ_MODEL_SCHEMA, storedEventOf } from "@cloudpa/read-model";
import cliProgress from "cli-progress";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { positiveInt, UsageError } from "./cli-args.js";
import { eventDetail, eventLine } from "./event-lines.js";
import { type EventsSelection, eventsSelectionOf } from "./events-filter.js";
import { legacyEventsUntil, tailEvents } from "./events-tail.js";
import { historyText } from "./history-lines.js";
import { abortOnInterrupt } from "./interrupt.js";
import { paintFor } from "./terminal-style.js";

export const EVENT_HISTORY_USAGE = `  events tail [--org ID] [--conversation ID] [--type EventType] [--from-seq N] [--json]
                                        follow the events stream live, verified, one line per event (Ctrl-C stops)
  events show <seq> [--json]            one event in full, with its signature check
  conversation history <conversationId> [--org ID] [--json] [--progress]
                                        every event of a conversation with the read-model row it produced`;

function parse(args: string[], options: ParseArgsOptionsConfig) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * `events tail | show` and `conversation history`: the operator's view of the stream, each
 * event verified against EVENT_PUBLIC_KEYS. Returns the exit code (2: bad usage).
 */
export async function runEventHistoryCommand(command: string, argv: string[]): Promise<number> {
  try {
    return await run(command, argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cloudpa ${command}: ${error.message}\nusage:\n${EVENT_HISTORY_USAGE}\n`);
    return 2;
  }
}

async function run(command: string, argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  const { values, positionals } = parse(args, {
    org: { type: "string" },
    conversation: { type: "string" },
    type: { type: "string" },
    "from-seq": { type: "string" },
    json: { type: "boolean", default: false },
    progress: { type: "boolean", default: false },
  });
  const json = values.json === true;
  const paint = paintFor(json ? {} : process.stdout);
  const org = values.org as string | undefined;
  if (org !== undefined && !isUuid(org)) throw new UsageError(`--org is not an org id: ${org}`);

  if (command === "events" && sub === "tail") {
    const env = parseEnv(projectorEnvSchema);
    let selection: EventsSelection;
    const nats = await ServiceNats.connect(env, { clientName: "cloudpa-events-tail" });
    try {
      selection = eventsSelectionOf(nats.names, {
        orgId: org,
        conversationId: values.conversation as string | undefined,
        type: values.type as string | undefined,
      });
    } catch (error) {
      await nats.close();
      throw new UsageError((error as Error).message);
    }
    const interrupt = abortOnInterrupt();
    try {
      const fromSeq = positiveInt(values["from-seq"] as string | undefined, "--from-seq");
      const from = fromSeq === undefined ? "new events" : `sequence ${fromSeq}`;
      const seen = await tailEvents({
        js: nats.js,
        stream: nats.names.eventsStream,
        streamSubjects: nats.names.eventsSubjects,
        selection,
        legacyUntil: await legacyEventsUntil(nats),
        fromSeq,
        signal: interrupt.signal,
        // On stderr, so that --json's stdout stays one object per line.
        onFollowing: (following) =>
          process.stderr.write(paint("dim", `following ${following} from ${from} (Ctrl-C stops)\n`)),
        onEvent: (stored) => {
          const checked = checkStoredEvent(stored, env.EVENT_PUBLIC_KEYS);
          process.stdout.write(`${json ? JSON.stringify(checked) : eventLine(checked, paint)}\n`);
        },
      });
      process.stderr.write(paint("dim", `stopped after ${seen} events\n`));
      return 0;
    } finally {
      interrupt.release();
      await nats.close();
    }
  }

  if (command === "events" && sub === "show") {
    const seq = positiveInt(positionals[0], "<seq>");
    if (seq === undefined) throw new UsageError("events show needs a stream sequence");
    const env = parseEnv(projectorEnvSchema);
    const nats = await ServiceNats.connect(env, { clientName: "cloudpa-events-show" });
    try {
      const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq });
      if (!stored) {
        process.stderr.write(`no event #${seq} in ${nats.names.eventsStream}\n`);
        return 1;
      }
      const checked = checkStoredEvent(
        // StoredMsg's fields are getters: named one by one, not spread.
        storedEventOf({
          seq: stored.seq,
          subject: stored.subject,
          data: stored.data,
          time: stored.time,
          headers: stored.header,
        }),
        env.EVENT_PUBLIC_KEYS,
      );
      process.stdout.write(
        `${json ? JSON.stringify(checked, null, 2) : eventDetail(checked, env.EVENT_PUBLIC_KEYS, paint)}\n`,
      );
      return 0;
    } finally {
      await nats.close();
    }
  }

  if (command === "conversation" && sub === "history") {
    const conversationId = positionals[0];
    if (conversationId === undefined || !isUuid(conversationId)) {
      throw new UsageError(`conversation history needs a conversation id (a UUID), not ${conversationId ?? "nothing"}`);
    }
    const env = parseEnv(projectorEnvSchema);
    const nats = await ServiceNats.connect(env, { clientName: "cloudpa-conversation-history" });
    const database = await ReadModelDatabase.open(env.DATABASE_URL, READ_MODEL_SCHEMA, 2);
    const interrupt = abortOnInterrupt();
    // The same progress bar as rebuild's, on stderr, when it is a terminal (or asked for).
    const bar =
      process.stderr.isTTY || values.progress === true
        ? new cliProgress.SingleBar({
            format: "history |{bar}| {percentage}% | {value}/{total} events",
            // --progress draws it into a pipe too (cli-progress draws only on a terminal otherwise).
            noTTYOutput: values.progress === true,
          })
        : undefined;
    let started = false;
    try {
      const history = await conversationHistory({
        js: nats.js,
        names: nats.names,
        db: database.pool,
        keyring: env.EVENT_PUBLIC_KEYS,
        conversationId,
        orgId: org,
        signal: interrupt.signal,
        onProgress: (read, total) => {
          if (!started) bar?.start(total, 0);
          started = true;
          bar?.setTotal(total);
          bar?.update(read);
        },
      });
      bar?.stop();
      if (interrupt.signal.aborted) {
        process.stderr.write("interrupted\n");
        return 130;
      }
      process.stdout.write(`${json ? JSON.stringify(history, null, 2) : historyText(history, paint)}\n`);
      return 0;
    } finally {
      bar?.stop();
      interrupt.release();
      await database.close();
      await nats.close();
    }
  }
  throw new UsageError(
    command === "events" ? "events needs tail or show <seq>" : "conversation needs history <conversationId>",
  );
}
