// The V8 flags every long-running Cloud PA service runs with, applied by the service's own entry
// (decision 031), so that `npm start`, the bench, the images and the tests that start a service
// all run it alike without each repeating them.

/**
 * A semi-space of at most 8 MB: the new space of each isolate (a V8 flag holds for every isolate of
 * the process, worker threads included) stays at 16 MB, where V8 otherwise grows it to 128 MB under
 * load on a machine with this much memory.
 */
const SEMI_SPACE = "--max-semi-space-size=8";

/**
 * The services': after a full collection the old generation may grow by half of what is live, where
 * V8 otherwise lets it grow up to 4x (a projector's 55 MB live held 166 MB). It bounds nothing: a
 * process that needs more gets it, with more full collections. V8 refuses this flag in NODE_OPTIONS.
 */
export const SERVICE_V8_FLAGS: readonly string[] = [SEMI_SPACE, "--heap-growing-percent=50"];

/**
 * The operator commands' (decision 041): a rebuild holds one large, slowly changing heap for minutes,
 * so its old generation grows by a quarter of what is live, and glibc keeps one malloc arena for all
 * its threads (V8's helper threads otherwise take arenas of their own). On a 1M-event rebuild the two
 * together took 13-19 MB off the peak at the same load rate.
 */
export const OPERATOR_V8_FLAGS: readonly string[] = [SEMI_SPACE, "--heap-growing-percent=25"];
export const OPERATOR_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "1" };

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
 * The variables of `wanted` the environment does not set: one set already (whatever its value) is
 * the operator's choice and stays. They are read when the process starts (glibc's malloc tunables),
 * so only a relaunch applies them.
 */
export function unsetVariables(
  wanted: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(wanted).filter(([name]) => env[name] === undefined));
}

/**
 * Called first in a service's entry, before it loads anything else: when a flag is missing, or a
 * variable of `environment` is unset, the process replaces itself (same pid, stdio, environment and
 * arguments) with one started with them.
 */
export function runWithServiceV8Flags(
  wanted: readonly string[] = SERVICE_V8_FLAGS,
  environment: Readonly<Record<string, string>> = {},
): void {
  const missing = missingV8Flags(wanted, { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS });
  const unset = unsetVariables(environment, process.env);
  const script = process.argv[1];
  // process.execve exists on Unix only; elsewhere (a developer's Windows) the service runs without them.
  const relaunch = missing.length > 0 || Object.keys(unset).length > 0;
  if (!relaunch || script === undefined || process.execve === undefined) return;
  process.execve(
    process.execPath,
    [process.execPath, ...missing, ...process.execArgv, script, ...process.argv.slice(2)],
    { ...process.env, ...unset },
  );
}
