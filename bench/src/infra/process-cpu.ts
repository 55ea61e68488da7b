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

const pidsOf = (args: string[]) =>
  spawnSync("pgrep", args, { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);

/**
 * CPU µs so far of the servers every run shares with the rest of the machine: nats-server, Postgres
 * (the postmaster, its backends and the backends that have exited, which it has reaped) and Redis
 * (the seed's broker). Another engineer's tests on the same servers count too: read them on a quiet machine.
 */
export function serversCpuUs(): { "nats-server": number; postgres: number; redis: number } {
  const oldest = (name: string) => pidsOf(["-o", "-x", name])[0] ?? -1;
  const postmaster = oldest("postgres");
  const postgres = pidsOf(["-P", String(postmaster)]).reduce(
    (sum, pid) => sum + (processCpuUs(pid) || 0),
    processCpuUs(postmaster, { reapedChildren: true }),
  );
  return { "nats-server": processCpuUs(oldest("nats-server")), postgres, redis: processCpuUs(oldest("redis-server")) };
}

/** The machine's busy and available CPU µs so far, over every core, from /proc/stat's first line. */
export function machineCpuUs(): { busy: number; available: number } {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/) ?? [];
    // user nice system idle iowait irq softirq, then steal (the hypervisor's, neither busy nor available
    // here) and guest time (inside user already).
    const [user, nice, system, idle, iowait, irq, softirq] = ticks.map(Number) as number[];
    const us = (t: number) => (t * 1e6) / TICKS_PER_SECOND;
    const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
    return { busy: us(busy), available: us(busy + (idle ?? 0) + (iowait ?? 0)) };
  } catch {
    return { busy: Number.NaN, available: Number.NaN };
  }
}

export interface MachineCpu {
  /** CPU µs of each part: the system's processes by name, the shared servers, the load generator, and everything else. */
  byPart: Map<string, number>;
  /** Cores busy on average over the interval, and how many were there to use (the hypervisor's steal left out). */
  busyCores: number;
  availableCores: number;
  seconds: number;
}

/**
 * Where the whole machine's CPU went between start and stop: the system's processes, the shared
 * servers (nats-server, Postgres, Redis), the load generator (this process) and "other" (the rest
 * of the machine's busy time: the kernel's work for no one process, anything else running). A rate
 * that stops rising while `busyCores` is at `availableCores` is bound by the machine's CPU, and
 * `byPart` says whose. `read()` gives what was used from the start until now, as often as asked
 * (one start for loads that begin together and end apart).
 */
export function machineCpuMeter(processes: readonly { name: string; pid: number }[]) {
  const own = cpuMeter(processes);
  const servers = serversCpuUs();
  const machine = machineCpuUs();
  const started = performance.now();
  return {
    read(): MachineCpu {
      const seconds = (performance.now() - started) / 1000;
      const { byProcess, loadGenerator } = own.stop();
      const serversNow = serversCpuUs();
      const machineNow = machineCpuUs();
      const byPart = new Map(byProcess);
      for (const [name, us] of Object.entries(serversNow)) byPart.set(name, us - servers[name as keyof typeof servers]);
      byPart.set("load generator", loadGenerator);
      const busy = machineNow.busy - machine.busy;
      const known = [...byPart.values()].reduce((sum, us) => sum + (Number.isFinite(us) ? us : 0), 0);
      byPart.set("other", Math.max(busy - known, 0));
      return {
        byPart,
        busyCores: busy / 1e6 / seconds,
        availableCores: (machineNow.available - machine.available) / 1e6 / seconds,
        seconds,
      };
    },
  };
}
