/**
 * What to undo if the run is interrupted (Ctrl-C, a timeout): its streams, databases and
 * queue are removed and its child processes killed, so an interrupted bench leaves nothing
 * behind on the shared NATS, Postgres and Redis.
 */
const undo = new Set<() => Promise<void>>();
const children = new Set<{ kill(signal: NodeJS.Signals): boolean }>();

export function onInterrupt(action: () => Promise<void>): () => void {
  undo.add(action);
  return () => undo.delete(action);
}

export function killOnExit(child: { kill(signal: NodeJS.Signals): boolean }): () => void {
  children.add(child);
  return () => children.delete(child);
}

/** Installed by the bench's main (never by a test, whose runner owns the process). */
export function undoOnInterrupt(): void {
  process.on("exit", () => {
    for (const child of children) child.kill("SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: removing this run's streams, databases and processes\n`);
      for (const child of children) child.kill("SIGKILL");
      void (async () => {
        for (const action of [...undo].reverse()) await action().catch(() => undefined);
        process.exit(130);
      })();
    });
  }
}
