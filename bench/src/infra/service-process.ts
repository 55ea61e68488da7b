import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { sleep } from "./bench-env.js";
import { killOnExit } from "./interrupt.js";

export interface ServiceProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for an error message. */
  tail(): string;
  stop(): Promise<void>;
}

/** Starts `node <script> ...args` with env; its output is kept (last 50 lines), not printed. */
export function startProcess(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const forget = killOnExit(child);
  child.once("exit", forget);
  return {
    name,
    pid: child.pid,
    child,
    tail: () => lines.join("\n"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

/** Polls `url` until it answers 2xx (or the process exits, or the time runs out). */
export async function waitUntilReady(service: ServiceProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${service.tail()}`);
    }
    const ok = await fetch(url)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${service.name} was not ready at ${url} within ${timeoutMs} ms:\n${service.tail()}`);
}

/** Resident set size of one process, in MB, from /proc/<pid>/status (VmRSS). */
function ownRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The pids a process started (/proc/<pid>/task/<tid>/children, over its threads). */
function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * Resident set size of a process with every process it started, in MB: a service or an operator
 * command that hands work to a child (the rebuild migrates its fresh schema in one) is measured
 * with it. Pages the two share are counted twice, so the figure errs high.
 */
export function rssMb(pid: number): number {
  const own = ownRssMb(pid);
  if (!Number.isFinite(own)) return own;
  let sum = own;
  for (const child of childPids(pid)) {
    const mb = rssMb(child);
    if (Number.isFinite(mb)) sum += mb;
  }
  return sum;
}

/** Samples the RSS of some processes every 200 ms; `stop()` gives each one's peak. */
export function sampleRss(processes: readonly { name: string; pid: number }[]) {
  const peaks = new Map<string, number>(processes.map((p) => [p.name, 0]));
  const timer = setInterval(() => {
    for (const p of processes) {
      const mb = rssMb(p.pid);
      if (Number.isFinite(mb)) peaks.set(p.name, Math.max(peaks.get(p.name) ?? 0, mb));
    }
  }, 200);
  return {
    stop(): Map<string, number> {
      clearInterval(timer);
      return peaks;
    },
  };
}

/** A free TCP port on 127.0.0.1 (so a child can be told where to listen). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
