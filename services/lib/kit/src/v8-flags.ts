// The V8 flags every long-running Cloud PA service runs with, applied by the service's own entry
// (decision 031), so that `npm start`, the bench, the images and the tests that start a service
// all run it alike without each repeating them.

/**
 * - A semi-space of at most 8 MB: the new space of each isolate (a V8 flag holds for every isolate
 *   of the process, worker threads included) stays at 16 MB, where V8 otherwise grows it to 128 MB
 *   under load on a machine with this much memory.
 * - After a full collection the old generation may grow by half of what is live, where V8 otherwise
 *   lets it grow up to 4x (a projector's 55 MB live held 166 MB). It bounds nothing: a process that
 *   needs more gets it, with more full collections. V8 refuses this flag in NODE_OPTIONS.
 */
export const SERVICE_V8_FLAGS: readonly string[] = ["--max-semi-space-size=8", "--heap-growing-percent=50"];

/** `--max-semi-space-size=16` → `--max-semi-space-size` (V8 spells `_` and `-` alike). */
function flagName(flag: string): string {
  return (flag.split("=")[0] ?? flag).replaceAll("_", "-");
}

/**
 * The flags of `wanted` the process was not started with: a flag given on the command line or in
 * NODE_OPTIONS (whatever its value) wins over the default, so an operator can still choose another.
 */
export function missingV8Flags(
  wanted: readonly string[],
  given: { execArgv: readonly string[]; nodeOptions: string | undefined },
): string[] {
  const present = new Set([...given.execArgv, ...(given.nodeOptions ?? "").split(/\s+/)].filter(Boolean).map(flagName));
  return wanted.filter((flag) => !present.has(flagName(flag)));
}

/**
 * Called first in a service's entry, before it loads anything else: when a flag is missing the
 * process replaces itself (same pid, stdio, environment and arguments) with one started with it.
 */
export function runWithServiceV8Flags(wanted: readonly string[] = SERVICE_V8_FLAGS): void {
  const missing = missingV8Flags(wanted, { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS });
  const script = process.argv[1];
  // process.execve exists on Unix only; elsewhere (a developer's Windows) the service runs without them.
  if (missing.length === 0 || script === undefined || process.execve === undefined) return;
  process.execve(
    process.execPath,
    [process.execPath, ...missing, ...process.execArgv, script, ...process.argv.slice(2)],
    process.env,
  );
}
