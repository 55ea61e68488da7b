import { type ChildProcess, execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "@cloudpa/testkit";
import { REPO_ROOT } from "./repo-root.js";

export type ServiceName = "ingress" | "projector" | "outbound" | "web";

/**
 * Where each service's built entry point is, the env variable of its port, its readiness path, and
 * the env variable of its metrics port when /metrics has its own (the web's).
 */
export const SERVICE_LAYOUT: Record<
  ServiceName,
  { dir: string; entry: string; cwd: string; portVar: string; ready: string; metricsPortVar?: string }
> = {
  ingress: {
    dir: "services/ingress",
    entry: "services/ingress/dist/main.js",
    cwd: "",
    portVar: "INGRESS_PORT",
    ready: "/readyz",
  },
  projector: {
    dir: "services/projector",
    entry: "services/projector/dist/main.js",
    cwd: "",
    portVar: "PROJECTOR_PORT",
    ready: "/readyz",
  },
  outbound: {
    dir: "services/outbound",
    entry: "services/outbound/dist/main.js",
    cwd: "",
    portVar: "OUTBOUND_PORT",
    ready: "/readyz",
  },
  web: {
    dir: "web",
    entry: "web/server.js",
    cwd: "web",
    portVar: "WEB_PORT",
    ready: "/healthz",
    metricsPortVar: "WEB_METRICS_PORT",
  },
};

export interface LogLine {
  service: ServiceName;
  /** Which run of the process (0 for the first start, 1 after the first restart…). */
  run: number;
  stream: "stdout" | "stderr";
  line: string;
}

/**
 * One service of the product as a child process: started with its env, killed with any signal,
 * restarted with the same env and port. Every line it prints is kept, for the secrets sweep and
 * for the failure messages.
 */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  private child: ChildProcess | undefined;
  private runs = 0;
  private exits: Array<{ run: number; code: number | null; signal: NodeJS.Signals | null }> = [];

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: Record<string, string>,
    /** The metrics port, for a service whose /metrics has its own (SERVICE_LAYOUT metricsPortVar). */
    readonly metricsPort?: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where this process serves /metrics. */
  get metricsUrl(): string {
    return this.metricsPort === undefined ? this.url : `http://127.0.0.1:${this.metricsPort}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Exits nobody asked for (a crash), with the run they ended. */
  unexpectedExits(): Array<{ run: number; code: number | null; signal: NodeJS.Signals | null }> {
    return this.exits.filter((exit) => exit.signal !== "SIGKILL" && exit.signal !== "SIGTERM");
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const layout = SERVICE_LAYOUT[this.name];
    const run = this.runs++;
    const child = spawn(process.execPath, [join(REPO_ROOT, layout.entry)], {
      cwd: join(REPO_ROOT, layout.cwd),
      env: {
        PATH: process.env.PATH ?? "",
        ...this.env,
        [layout.portVar]: String(this.port),
        ...(layout.metricsPortVar && this.metricsPort !== undefined
          ? { [layout.metricsPortVar]: String(this.metricsPort) }
          : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of ["stdout", "stderr"] as const) {
      let pending = "";
      child[stream]?.on("data", (chunk: Buffer) => {
        pending += chunk.toString("utf8");
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) this.logs.push({ service: this.name, run, stream, line });
      });
    }
    child.on("exit", (code, signal) => this.exits.push({ run, code, signal }));
    this.child = child;
  }

  /** Resolves once the process answers 200 on its readiness path. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const layout = SERVICE_LAYOUT[this.name];
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.tail()}`);
        const response = await fetch(`${this.url}${layout.ready}`, { signal: AbortSignal.timeout(2000) });
        return response.ok;
      },
      { timeoutMs, intervalMs: 100, what: `${this.name} ready at ${this.url}${layout.ready}` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${this.tail()}`, { cause: error });
    });
  }

  /** Sends a signal and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await gone;
  }

  async restart(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await this.kill(signal);
    this.start();
    await this.ready();
  }

  /** Stops the process (SIGTERM, then SIGKILL after a grace period). */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  }

  /**
   * Runs one of the package's operator commands (e.g. `dist/cli.js reconcile --since 1h`) with this
   * service's env, and resolves with what it printed; its output joins the service's logs.
   */
  runCli(entry: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(REPO_ROOT, entry), ...args],
        { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "", ...this.env }, timeout: 120_000 },
        (error, stdout, stderr) => {
          for (const line of `${stdout}\n${stderr}`.split("\n"))
            if (line.trim()) this.logs.push({ service: this.name, run: -1, stream: "stdout", line });
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        },
      );
    });
  }

  /** The last lines it printed, for a failure message. */
  tail(lines = 30): string {
    return this.logs
      .slice(-lines)
      .map((entry) => `${this.name}#${entry.run} ${entry.line}`)
      .join("\n");
  }
}
