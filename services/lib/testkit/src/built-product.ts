import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const buildScript = fileURLToPath(new URL("../../../../scripts/build.mjs", import.meta.url));
const builds = new Map<string, Promise<void>>();

function build(step: "services" | "web"): Promise<void> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: a worker blocked on a minutes-long build misses vitest's RPC
    // deadline ("Timeout calling onTaskUpdate") and fails the whole run.
    execFile(process.execPath, [buildScript, step], { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`building ${step} failed:\n${stderr}`, { cause: error }));
      else resolve();
    });
  });
}

/**
 * Builds what a test runs as processes (`services`: the services' dist, `web`: web/build) with
 * the same steps as `npm start`, skipped when their sources are unchanged. Test workers in
 * parallel build one at a time (scripts/build.mjs holds a lock), so none rebuilds the web or a
 * package's dist while another's process is loading it.
 */
export async function ensureBuilt(...steps: ("services" | "web")[]): Promise<void> {
  for (const step of steps) {
    let pending = builds.get(step);
    if (!pending) {
      pending = build(step);
      builds.set(step, pending);
      pending.catch(() => builds.delete(step));
    }
    await pending;
  }
}
