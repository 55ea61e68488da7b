import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureBuilt } from "@cloudpa/testkit";

const webDir = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningWeb {
  url: string;
  /** The metrics port's base URL (WEB_METRICS_PORT): where /metrics is served. */
  metricsUrl: string;
  process: ChildProcess;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built web server (`node web/server.js`; built first when its sources changed) as its own
 * process on a free port with the given env, and resolves once it listens.
 */
export async function startBuiltWeb(env: Record<string, string>, { timeoutMs = 30_000 } = {}): Promise<RunningWeb> {
  await ensureBuilt("web");
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    cwd: webDir,
    env: {
      PATH: process.env.PATH ?? "",
      ...env,
      // A free port unless the test needs a known one (a passkey's origin names its port).
      WEB_PORT: env.WEB_PORT ?? "0",
      WEB_METRICS_PORT: env.WEB_METRICS_PORT ?? "0",
      LOG_LEVEL: env.LOG_LEVEL === "silent" ? "silent" : "info",
      NODE_ENV: (env.NODE_ENV ?? "production") as "development" | "production" | "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const { url, metricsUrl } = await new Promise<{ url: string; metricsUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const line = /"message":"web listening".*/.exec(output)?.[0] ?? "";
      const url = /"url":"([^"]+)"/.exec(line)?.[1];
      const metricsUrl = /"metricsUrl":"([^"]+)"/.exec(line)?.[1];
      if (url && metricsUrl) {
        clearTimeout(timer);
        resolve({ url, metricsUrl });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`web exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    metricsUrl,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
