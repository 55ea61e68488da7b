/**
 * A signal that Ctrl-C (SIGINT) or SIGTERM aborts, so a command stops at its next safe point
 * (after the batch or item in hand) instead of dying mid-write; `notice` goes to stderr when it
 * does. The handlers fire once: a second Ctrl-C kills the process as usual. `release` removes
 * them when the command is done.
 */
export function abortOnInterrupt(notice?: string): { signal: AbortSignal; release(): void } {
  const abort = new AbortController();
  const interrupt = () => {
    if (notice !== undefined) process.stderr.write(notice);
    abort.abort();
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  return {
    signal: abort.signal,
    release: () => {
      process.off("SIGINT", interrupt);
      process.off("SIGTERM", interrupt);
    },
  };
}
