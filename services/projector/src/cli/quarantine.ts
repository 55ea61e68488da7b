import { type Keyring, parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { ServiceNats } from "@cloudpa/kit/core";
import { READ_MODEL_SCHEMA } from "@cloudpa/read-model";
import cliProgress from "cli-progress";
import type pg from "pg";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { abortOnInterrupt } from "./interrupt.js";
import {
  formatQuarantineItem,
  formatQuarantineList,
  formatRetryResults,
  parseQuarantineId,
  QUARANTINE_SOURCES,
  type QuarantineItem,
  type QuarantineSource,
  type RetryResult,
} from "./quarantine-format.js";
import { retryQuarantined } from "./quarantine-retry.js";
import { QuarantineStore } from "./quarantine-store.js";
import { paintFor, plain } from "./terminal-style.js";

export const QUARANTINE_USAGE = `  quarantine list [--source projector|outbound] [--json]     what the projector and the outbound set aside
  quarantine show <id> [--json]                              one of them in full (id as listed: projector:<seq>, outbound:<seq>)
  quarantine retry <id>|--all [--source …] [--json]          apply again once the cause is fixed`;

/** `cloudpa quarantine …` from the command line: the services' configuration, NATS and the read model. */
export async function runQuarantineCli(args: string[]): Promise<number> {
  const env = parseEnv(projectorEnvSchema);
  const nats = await ServiceNats.connect(env, { clientName: "projector-cli-quarantine" });
  const database = await ReadModelDatabase.open(env.DATABASE_URL, READ_MODEL_SCHEMA, 2);
  const interrupt = abortOnInterrupt("\ninterrupted: stopping after the item in hand\n");
  try {
    return await runQuarantineCommand(args, {
      nats,
      pool: database.pool,
      keyring: env.EVENT_PUBLIC_KEYS,
      out: process.stdout,
      err: process.stderr,
      signal: interrupt.signal,
    });
  } finally {
    interrupt.release();
    await database.close();
    await nats.close();
  }
}

/** Where the command writes: process.stdout / process.stderr, or a test's buffer. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface QuarantineCommandDeps {
  nats: ServiceNats;
  pool: pg.Pool;
  keyring: Keyring;
  out: Output;
  err: Output;
  signal?: AbortSignal;
}

/** The one argument that is neither an option nor the value of --source. */
function idArgument(args: string[]): string | undefined {
  return args.find((arg, at) => !arg.startsWith("--") && args[at - 1] !== "--source");
}

function sourcesOf(args: string[]): readonly QuarantineSource[] | undefined {
  const at = args.indexOf("--source");
  if (at < 0) return QUARANTINE_SOURCES;
  const source = args[at + 1];
  return QUARANTINE_SOURCES.includes(source as QuarantineSource) ? [source as QuarantineSource] : undefined;
}

/** `cloudpa quarantine list | show | retry`: the exit code (2 for a usage error, 1 when something is missing or still fails). */
export async function runQuarantineCommand(args: string[], deps: QuarantineCommandDeps): Promise<number> {
  const [action, ...rest] = args;
  const json = rest.includes("--json");
  // Colour and progress as the other commands: only for a terminal, never in --json or piped output.
  const paint = json ? plain : paintFor(deps.out);
  const usage = (problem: string) => {
    deps.err.write(`cloudpa quarantine: ${problem}\nusage:\n${QUARANTINE_USAGE}\n`);
    return 2;
  };
  const sources = sourcesOf(rest);
  if (!sources) return usage("--source takes projector or outbound");
  const store = await QuarantineStore.open(deps.nats, deps.pool);

  if (action === "list") {
    const items = await store.list(sources);
    deps.out.write(`${json ? JSON.stringify(items, null, 2) : formatQuarantineList(items, paint)}\n`);
    return 0;
  }

  if (action === "show") {
    const id = idArgument(rest);
    const parsed = id === undefined ? undefined : parseQuarantineId(id);
    if (!parsed) return usage(`show takes an id as listed (projector:<seq> or outbound:<seq>)`);
    const item = await store.get(parsed.source, parsed.seq);
    if (!item) {
      deps.err.write(`nothing in quarantine as ${id}\n`);
      return 1;
    }
    deps.out.write(`${json ? JSON.stringify(item, null, 2) : formatQuarantineItem(item, paint)}\n`);
    return 0;
  }

  if (action === "retry") {
    let items: QuarantineItem[];
    if (rest.includes("--all")) {
      items = (await store.list(sources)).filter((item) => item.status === "quarantined").reverse();
    } else {
      const id = idArgument(rest);
      const parsed = id === undefined ? undefined : parseQuarantineId(id);
      if (!parsed) return usage("retry takes an id as listed, or --all");
      const item = await store.get(parsed.source, parsed.seq);
      if (!item) {
        deps.err.write(`nothing in quarantine as ${id}\n`);
        return 1;
      }
      items = [item];
    }
    const results = await retryAll(
      items,
      store,
      deps,
      !json && (deps.err.isTTY === true || rest.includes("--progress")),
    );
    deps.out.write(`${json ? JSON.stringify({ results }, null, 2) : formatRetryResults(results, paint)}\n`);
    return results.some((result) => result.outcome === "still_failing") ? 1 : 0;
  }

  return usage(action ? `unknown quarantine action "${action}"` : "quarantine needs an action");
}

/** Oldest first, one at a time (a reply and its status then apply in their order), with a bar for a terminal. */
async function retryAll(
  items: QuarantineItem[],
  store: QuarantineStore,
  deps: QuarantineCommandDeps,
  progress: boolean,
): Promise<RetryResult[]> {
  const bar = progress
    ? new cliProgress.SingleBar({
        format: "retry |{bar}| {value}/{total} items",
        stream: deps.err as NodeJS.WritableStream,
      })
    : undefined;
  bar?.start(items.length, 0);
  const results: RetryResult[] = [];
  try {
    for (const item of items) {
      if (deps.signal?.aborted) break;
      results.push(await retryQuarantined(item, { nats: deps.nats, pool: deps.pool, store, keyring: deps.keyring }));
      bar?.increment();
    }
  } finally {
    bar?.stop();
  }
  return results;
}
