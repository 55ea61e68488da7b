import { startProjector } from "../figures/systems.js";
import type { ServiceProcess } from "../infra/service-process.js";

/** How long one process may take to start: 60 s, as any service of the bench, for each process starting at once on the same cores. */
const READY_MS_PER_INSTANCE = 60_000;

/** `count` projector processes (services/projector/dist/main.js) on one namespace and database, started together. */
export async function startProjectorInstances(env: Record<string, string>, count: number): Promise<ServiceProcess[]> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, () => startProjector(env, READY_MS_PER_INSTANCE * count)),
  );
  const instances = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    await stopInstances(instances);
    throw failed.reason;
  }
  return instances;
}

export async function stopInstances(instances: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.stop()));
}

/** Throws with the instance's last lines if any of them has exited (a SIGKILLed one is passed as `killed`). */
export function assertRunning(instances: readonly ServiceProcess[], killed?: ServiceProcess): void {
  for (const instance of instances) {
    if (instance === killed) continue;
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) {
      throw new Error(
        `a projector instance exited (${instance.child.exitCode ?? instance.child.signalCode}):\n${instance.tail()}`,
      );
    }
  }
}
