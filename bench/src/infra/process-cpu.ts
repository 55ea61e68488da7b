import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ; 100 on every Linux we run on). */
const TICKS_PER_SECOND = (() => {
  const answer = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const ticks = Number(answer.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/**
 * CPU time a process has used so far (user + system), in µs, from /proc/<pid>/stat
 * (utime and stime, fields 14 and 15; with `reapedChildren`, also cutime and cstime, 16 and 17:
 * its children that exited and were waited for). NaN when the process is gone or /proc is not there.
 * Resolution is one tick (10 ms), so it is read over whole runs, never per request.
 */
export function processCpuUs(pid: number, options: { reapedChildren?: boolean } = {}): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces or parentheses: count from its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const children = options.reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return ((Number(fields[11]) + Number(fields[12]) + children) * 1e6) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU µs used by some processes (and by this one, the load generator) between start and
 * stop. On a shared machine this, not a rate, is what a change to the code moves: a rate
 * falls when other work takes the cores, CPU per request much less.
 */
export function cpuMeter(processes: readonly { name: string; pid: number }[]) {
  const before = new Map(processes.map((p) => [p.name, processCpuUs(p.pid)]));
  const ownBefore = process.cpuUsage();
  return {
    stop(): { byProcess: Map<string, number>; loadGenerator: number } {
      const own = process.cpuUsage(ownBefore);
      const byProcess = new Map<string, number>();
      for (const p of processes) byProcess.set(p.name, processCpuUs(p.pid) - (before.get(p.name) ?? Number.NaN));
      return { byProcess, loadGenerator: own.user + own.system };
    },
  };
}
