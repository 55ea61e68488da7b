import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
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

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "build" || name.startsWith(".")) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(path) : stat.mtimeMs);
  }
  return newest;
}

let webBuilt = false;

/** Builds the web (`remix vite:build`) when its build is missing or older than its sources, under the same lock. */
export function buildWeb(): void {
  if (webBuilt) return;
  const webDir = join(REPO_ROOT, "web");
  const built = join(webDir, "build", "server", "index.js");
  const sources = Math.max(newestMtime(join(webDir, "app")), newestMtime(join(webDir, "src")));
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    const remix = join(webDir, "node_modules", ".bin", "remix");
    try {
      execFileSync("/usr/bin/flock", ["/tmp/cloudpa-faults-build.lock", remix, "vite:build"], {
        cwd: webDir,
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 300_000,
      });
    } catch (error) {
      const output =
        String((error as { stdout?: Buffer }).stdout ?? "") + String((error as { stderr?: Buffer }).stderr ?? "");
      throw new Error(`building the web failed:\n${output.slice(-4000)}`, { cause: error });
    }
  }
  webBuilt = true;
}
