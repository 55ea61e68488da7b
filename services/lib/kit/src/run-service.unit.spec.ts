import { projectorEnvSchema } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { type RunningService, runService, type ServiceHost } from "./run-service.js";

const envSchema = projectorEnvSchema.pick({ DATABASE_URL: true, PROJECTOR_PORT: true, LOG_LEVEL: true });

/** A process of the test's own: its env, its stderr, its signal handlers and how it exited. */
function fakeHost(env: Record<string, string | undefined>) {
  const signals = new Map<NodeJS.Signals, () => void>();
  const errors: string[] = [];
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const host: ServiceHost = {
    loadEnv: () => undefined,
    env,
    writeError: (line) => errors.push(line),
    onceSignal: (signal, handler) => signals.set(signal, handler),
    exit: (code) => resolveExit(code),
  };
  return { host, signals, errors, exited };
}

function stdoutLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    lines.push(chunk);
    return true;
  }) as typeof process.stdout.write;
  return run()
    .finally(() => {
      process.stdout.write = write;
    })
    .then(() => lines.map((line) => JSON.parse(line) as Record<string, unknown>));
}

describe("runService", () => {
  it("exits 1 on bad configuration, naming the variable, before starting anything", async () => {
    const { host, errors, exited } = fakeHost({ PROJECTOR_PORT: "not-a-port" });
    let started = false;
    await runService(
      {
        name: "projector",
        envSchema,
        start: async () => {
          started = true;
          return { close: async () => undefined };
        },
      },
      host,
    );
    expect(await exited).toBe(1);
    expect(started).toBe(false);
    expect(errors.join("\n")).toMatch(/^projector: bad configuration:\n {2}PROJECTOR_PORT: /);
  });

  it("starts with the parsed env, and on SIGTERM closes the service and exits 0", async () => {
    const { host, signals, exited } = fakeHost({ PROJECTOR_PORT: "3999", LOG_LEVEL: "silent" });
    let closed = false;
    let seenPort: number | undefined;
    await runService(
      {
        name: "projector",
        envSchema,
        start: async (env) => {
          seenPort = env.PROJECTOR_PORT;
          return {
            close: async () => {
              closed = true;
            },
          };
        },
      },
      host,
    );
    expect(seenPort).toBe(3999);
    expect([...signals.keys()].sort()).toEqual(["SIGINT", "SIGTERM"]);
    signals.get("SIGTERM")?.();
    expect(await exited).toBe(0);
    expect(closed).toBe(true);
  });

  it("logs a failed start with the error's context and exits 1", async () => {
    const { host, signals, exited } = fakeHost({ LOG_LEVEL: "error" });
    const failure = Object.assign(new Error("NATS stream x-events of namespace x missing"), {
      name: "MissingStreamsError",
      code: "STREAMS.MISSING",
    });
    const lines = await stdoutLines(() =>
      runService({ name: "projector", envSchema, start: () => Promise.reject(failure) }, host),
    );
    expect(await exited).toBe(1);
    expect(signals.size).toBe(0);
    expect(lines).toEqual([
      expect.objectContaining({
        level: "error",
        service: "projector",
        message: "projector failed to start",
        error: "NATS stream x-events of namespace x missing",
        errorName: "MissingStreamsError",
        errorCode: "STREAMS.MISSING",
      }),
    ]);
  });

  it("exits 1 when the service does not stop cleanly", async () => {
    const { host, signals, exited } = fakeHost({ LOG_LEVEL: "silent" });
    const service: RunningService = { close: () => Promise.reject(new Error("drain failed")) };
    await runService({ name: "projector", envSchema, start: async () => service }, host);
    signals.get("SIGINT")?.();
    expect(await exited).toBe(1);
  });
});
