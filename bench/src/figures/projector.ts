import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { BenchDatabase } from "../infra/bench-database.js";
import { sleep } from "../infra/bench-env.js";
import type { BenchKeys } from "../infra/bench-keys.js";
import type { BenchNats } from "../infra/bench-nats.js";
import { killOnExit } from "../infra/interrupt.js";
import { type MachineCpu, machineCpuMeter, processCpuUs } from "../infra/process-cpu.js";
import { sampleRss } from "../infra/service-process.js";
import { appendBacklog } from "./event-backlog.js";
import { type OpeningCpu, openingCpu } from "./event-opening.js";
import { cloudpaEnv, prepareReadModel, serviceScripts, startProjector } from "./systems.js";

export interface ProjectorResult {
  backlog: number;
  /** Events/s from the first projected row to the last. */
  livePerSecond: number;
  /** Events/s including the projector's start-up. */
  liveWithStartPerSecond: number;
  /** The projector's CPU µs per event over the backlog, its start-up included. */
  liveCpuUsPerEvent: number;
  rebuildEvents: number;
  /** Events/s of `cli.js rebuild`, wall clock of the whole command. */
  rebuildPerSecond: number;
  rebuildSeconds: number;
  rebuildOutput: string;
  /** Where the machine's CPU went from the first committed batch to the last (the live rate's window). */
  liveMachine: MachineCpu;
  /** Where the machine's CPU went during `cli.js rebuild`, the command (its migrating child included) as "rebuild CLI". */
  rebuildMachine: MachineCpu;
  /** Peak RSS of the projector while it catches up with the backlog, MB (sampled every 200 ms). */
  liveRssPeakMb: number;
  /** Peak RSS of the `cli.js rebuild` process, MB (sampled every 200 ms). */
  rebuildRssPeakMb: number;
  appendPerSecond: number;
  /** What opening one event costs, measured in the bench's process: a floor under the projector's own CPU per event. */
  opening: OpeningCpu;
}

async function messageCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>("select count(*) as n from readmodel.message");
  return Number(rows[0]?.n ?? 0);
}

/**
 * The furthest stream sequence the projector has committed, over its partitions' checkpoints (written
 * in the same transaction as the rows they cover). The wait polls this small table and counts the
 * messages only once it reaches the backlog's end: a `count(*)` of the growing message table every
 * 100 ms cost Postgres 17-20 µs per projected event, on the cores the projector is measured on.
 */
async function committedSeq(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ seq: string }>(
    "select coalesce(max(last_seq), 0) as seq from readmodel.projection_checkpoint",
  );
  return Number(rows[0]?.seq ?? 0);
}

/**
 * Live projection from a backlog (the projector starts with `backlog` events waiting), then
 * the operator's rebuild of `rebuildEvents` events (the backlog plus more) with the projector
 * stopped, in a namespace and database of their own.
 */
export async function measureProjector(
  nats: BenchNats,
  database: BenchDatabase,
  keys: BenchKeys,
  sizes: { backlog: number; rebuildEvents: number; conversations: number; rebuildTimeoutMs: number },
  log: (line: string) => void,
): Promise<ProjectorResult> {
  const runId = randomBytes(4).toString("hex");
  log(`projector: appending a backlog of ${sizes.backlog} signed events`);
  const appendPerSecond = await appendBacklog(
    nats,
    keys.ingress,
    { from: 0, to: sizes.backlog, conversations: sizes.conversations, runId },
    "backlog events",
  );
  const backlogLastSeq = (await nats.jsm.streams.info(nats.names.eventsStream)).state.last_seq;
  await prepareReadModel(database.url);
  log("projector: timing an event's opening alone");
  const opening = openingCpu(keys, sizes.conversations);
  const env = cloudpaEnv(nats, database, keys);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  let firstRowAt: number | undefined;
  let doneAt: number | undefined;
  log("projector: starting it on the backlog");
  const started = performance.now();
  const projector = await startProjector(env);
  const liveRss = sampleRss([{ name: "projector", pid: projector.pid }]);
  let liveCpuUs = Number.NaN;
  let liveRssPeak = Number.NaN;
  let liveMeter: ReturnType<typeof machineCpuMeter> | undefined;
  let liveMachine: MachineCpu | undefined;
  try {
    const deadline = Date.now() + 30 * 60_000;
    while (Date.now() < deadline) {
      const seq = await committedSeq(client);
      if (seq > 0 && firstRowAt === undefined) {
        firstRowAt = performance.now();
        liveMeter = machineCpuMeter([{ name: "projector", pid: projector.pid }]);
      }
      if (seq >= backlogLastSeq && (await messageCount(client)) >= sizes.backlog) {
        doneAt = performance.now();
        liveMachine = liveMeter?.read();
        liveCpuUs = processCpuUs(projector.pid);
        break;
      }
      if (projector.child.exitCode !== null) throw new Error(`projector exited:\n${projector.tail()}`);
      await sleep(100);
    }
  } finally {
    liveRssPeak = liveRss.stop().get("projector") ?? Number.NaN;
    await projector.stop();
    await client.end();
  }
  if (doneAt === undefined || firstRowAt === undefined || liveMachine === undefined)
    throw new Error("the projector did not finish the backlog");
  const livePerSecond = sizes.backlog / ((doneAt - firstRowAt) / 1000);
  const liveWithStartPerSecond = sizes.backlog / ((doneAt - started) / 1000);

  if (sizes.rebuildEvents > sizes.backlog) {
    log(`projector: appending events up to ${sizes.rebuildEvents} for the rebuild`);
    await appendBacklog(
      nats,
      keys.ingress,
      { from: sizes.backlog, to: sizes.rebuildEvents, conversations: sizes.conversations, runId },
      "rebuild events",
    );
  }
  log(`projector: rebuild of ${sizes.rebuildEvents} events (cli.js rebuild)`);
  const rebuildStarted = performance.now();
  const rebuildMeter = machineCpuMeter([]);
  const reapedBefore = reapedChildrenCpuUs();
  const rebuild = await runCli(serviceScripts.projectorCli, ["rebuild"], env, sizes.rebuildTimeoutMs);
  const rebuildMachine = withReapedCommand(rebuildMeter.read(), "rebuild CLI", reapedChildrenCpuUs() - reapedBefore);
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  return {
    backlog: sizes.backlog,
    livePerSecond,
    liveWithStartPerSecond,
    liveCpuUsPerEvent: liveCpuUs / sizes.backlog,
    rebuildEvents: sizes.rebuildEvents,
    rebuildPerSecond: sizes.rebuildEvents / rebuildSeconds,
    rebuildSeconds,
    rebuildOutput: rebuild.output,
    liveMachine,
    rebuildMachine,
    liveRssPeakMb: liveRssPeak,
    rebuildRssPeakMb: rebuild.rssPeakMb,
    appendPerSecond,
    opening,
  };
}

/** CPU µs of this process's children that have exited and been waited for (the operator commands it ran). */
function reapedChildrenCpuUs(): number {
  return processCpuUs(process.pid, { reapedChildren: true }) - processCpuUs(process.pid);
}

/**
 * A command that has exited cannot be read from /proc: its CPU is counted once it is reaped, into
 * this process's children. It becomes a part of its own, taken from "other".
 */
function withReapedCommand(machine: MachineCpu, name: string, us: number): MachineCpu {
  const byPart = new Map(machine.byPart);
  byPart.set(name, us);
  byPart.set("other", Math.max((byPart.get("other") ?? 0) - us, 0));
  return { ...machine, byPart };
}

/** Runs an operator command to its end: the tail of its output, and its peak RSS (the same pid after its V8-flags re-exec). */
function runCli(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ output: string; rssPeakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    const forget = killOnExit(child);
    child.once("exit", forget);
    const rss = child.pid === undefined ? undefined : sampleRss([{ name: "cli", pid: child.pid }]);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const rssPeakMb = rss?.stop().get("cli") ?? Number.NaN;
      if (code === 0) resolve({ output: output.slice(-4000), rssPeakMb });
      else
        reject(
          new Error(
            `${script} ${args.join(" ")} ${signal ? `was killed (${signal}) after ${timeoutMs} ms` : `exited with ${code}`}:\n${output.slice(-4000)}`,
          ),
        );
    });
  });
}
