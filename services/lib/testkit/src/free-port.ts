import { createServer } from "node:net";

/**
 * Ports a child process is told to listen on come from below the kernel's ephemeral range
 * (32768-60999 here), where neither a `listen(0)` nor an outgoing connection ever lands, and from
 * a slice of their own for each vitest worker (`VITEST_POOL_ID`, 1 to maxWorkers). Picked from the
 * ephemeral range, a port could be handed to another process between the check and the child's
 * bind: with two spec files at a time, a projector died of EADDRINUSE (decision 037).
 */
const FIRST_PORT = 20_000;
const PORTS_PER_WORKER = 500;
// Where in its slice this process starts: two test runs on one machine (a developer's and CI's)
// share the slices, and from the slice's first port each would hand out the same ports in order.
let picked = Math.floor(Math.random() * PORTS_PER_WORKER);

/** A TCP port nobody listens on right now, in this worker's slice (the services take their port from env). */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.VITEST_POOL_ID ?? 0);
  const first = FIRST_PORT + worker * PORTS_PER_WORKER;
  if (first + PORTS_PER_WORKER > 32_768) throw new Error(`vitest worker ${worker} has no ports below 32768 left`);
  for (let tried = 0; tried < PORTS_PER_WORKER; tried++) {
    const port = first + (picked++ % PORTS_PER_WORKER);
    if (await nobodyListensOn(port)) return port;
  }
  throw new Error(`no free port in ${first}-${first + PORTS_PER_WORKER - 1}`);
}

/** Whether a listener on every address (what the services bind) can take the port now. */
function nobodyListensOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "0.0.0.0", () => server.close(() => resolve(true)));
  });
}
