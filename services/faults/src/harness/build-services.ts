import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./repo-root.js";

let built: Set<string> | undefined;

/**
 * Builds the services' dist with `tsc -b` (incremental: a no-op when up to date). Test files run in
 * parallel workers, so the build is serialised with flock; each worker builds once.
 */
export function buildServices(dirs: readonly string[], entries: readonly string[]): void {
  built ??= new Set();
  const missing = dirs.filter((dir) => !built?.has(dir));
  if (missing.length === 0) return;
  const tsc = join(REPO_ROOT, "node_modules", ".bin", "tsc");
  const args = existsSync("/usr/bin/flock")
    ? ["/usr/bin/flock", "/tmp/cloudpa-faults-build.lock", tsc, "-b", ...missing]
    : [tsc, "-b", ...missing];
  const [command, ...rest] = args as [string, ...string[]];
  try {
    execFileSync(command, rest, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  } catch (error) {
    const output =
      String((error as { stdout?: Buffer }).stdout ?? "") + String((error as { stderr?: Buffer }).stderr ?? "");
    // tsc -b still emits on type errors; the typecheck step reports those. Only a missing entry stops us.
    const absent = entries.filter((entry) => !existsSync(join(REPO_ROOT, entry)));
    if (absent.length > 0)
      throw new Error(`tsc -b ${missing.join(" ")} failed:\n${output.slice(0, 4000)}`, { cause: error });
    console.warn(`tsc -b ${missing.join(" ")} reported errors; running the emitted code:\n${output.slice(0, 2000)}`);
  }
  for (const dir of missing) built.add(dir);
}
