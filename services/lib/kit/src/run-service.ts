import { parseEnv } from "@cloudpa/contracts";
import { loadDotEnv } from "./dotenv.js";
import { createLogger, errorContext, type Logger, type LogLevel } from "./logger.js";
import { startTracing } from "./tracing/start-tracing.js";

/** A service's env schema, from contracts (`ingressEnvSchema`…); every one has LOG_LEVEL. */
export type ServiceEnvSchema = Parameters<typeof parseEnv>[0];
export type ServiceEnvOf<Schema extends ServiceEnvSchema> = ReturnType<typeof parseEnv<Schema>>;

/** A started service: what a signal stops. */
export interface RunningService {
  close(): Promise<void>;
}

export interface ServiceDefinition<Schema extends ServiceEnvSchema> {
  /** As in its logs, its traces and its error lines: `ingress`. */
  name: string;
  envSchema: Schema;
  /**
   * Builds and starts the service (listening, consuming) and logs that it did. Called once
   * tracing has started: it imports the service's own modules itself (`await import("./serve.js")`),
   * so the instrumentations patch http, pg and @nestjs/core as those load (decision 012).
   */
  start(env: ServiceEnvOf<Schema>, logger: Logger): Promise<RunningService>;
}

/** The process around the service; a test passes its own. */
export interface ServiceHost {
  /** Completes the environment before it is read (the local `.env`, see loadDotEnv). */
  loadEnv(): void;
  env: Record<string, string | undefined>;
  writeError(line: string): void;
  onceSignal(signal: NodeJS.Signals, handler: () => void): void;
  exit(code: number): void;
}

const processHost: ServiceHost = {
  loadEnv: () => loadDotEnv(),
  env: process.env,
  writeError: (line) => process.stderr.write(`${line}\n`),
  onceSignal: (signal, handler) => process.once(signal, handler),
  exit: (code) => process.exit(code),
};

/**
 * The one start-up of every service process, in this order: the local `.env`, tracing, the env
 * parsed with the service's schema, the service started, then SIGTERM/SIGINT stop it (close, exit
 * 0; exit 1 if it does not close cleanly). Bad configuration or a failed tracing set-up exits 1
 * before anything starts, with the message on stderr (it names each bad variable); a failed start
 * exits 1 with the error logged with its context.
 */
export async function runService<Schema extends ServiceEnvSchema>(
  service: ServiceDefinition<Schema>,
  host: ServiceHost = processHost,
): Promise<void> {
  host.loadEnv();
  let env: ServiceEnvOf<Schema>;
  try {
    await startTracing(service.name, host.env);
    env = parseEnv(service.envSchema, host.env);
  } catch (error) {
    host.writeError(`${service.name}: ${(error as Error).message}`);
    return host.exit(1);
  }
  const logger = createLogger(service.name, (env as { LOG_LEVEL?: LogLevel }).LOG_LEVEL);
  let running: RunningService;
  try {
    running = await service.start(env, logger);
  } catch (error) {
    logger.error(`${service.name} failed to start`, errorContext(error));
    return host.exit(1);
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    host.onceSignal(signal, () => {
      logger.info(`${service.name} stopping`, { signal });
      running.close().then(
        () => host.exit(0),
        (error: unknown) => {
          logger.error(`${service.name} did not stop cleanly`, errorContext(error));
          host.exit(1);
        },
      );
    });
  }
}
