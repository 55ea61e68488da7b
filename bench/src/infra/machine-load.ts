import { cpus, loadavg } from "node:os";

/**
 * A run that starts while other work shares the cores measures that work too: the bench says
 * so and refuses to report unless told to (`--allow-busy`). Busy means a 1-minute load average
 * above 0.75 per core (1.5 on 2 cores): the bench's own load generator and one service
 * already keep about one core busy, so more than that at the start is someone else's work.
 */
export const BUSY_LOAD_PER_CORE = 0.75;

export interface MachineLoad {
  loadAverage: number[];
  cores: number;
  /** The 1-minute load average above which the machine counts as busy. */
  busyAbove: number;
  busy: boolean;
}

export function machineLoad(): MachineLoad {
  const loadAverage = loadavg();
  const cores = cpus().length;
  const busyAbove = BUSY_LOAD_PER_CORE * cores;
  return { loadAverage, cores, busyAbove, busy: (loadAverage[0] ?? 0) > busyAbove };
}

export function describeLoad(load: MachineLoad): string {
  const [one = 0, five = 0, fifteen = 0] = load.loadAverage;
  return `load average ${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)} on ${load.cores} cores (busy above ${load.busyAbove.toFixed(2)})`;
}
