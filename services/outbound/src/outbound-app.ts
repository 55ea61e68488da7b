import type { OutboundEnv } from "@cloudpa/contracts";
import { createLogger, type Logger, NestLogBridge } from "@cloudpa/kit";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify";
import { type OutboundOverrides, outboundModule } from "./outbound.module.js";

export interface OutboundApp {
  app: NestFastifyApplication;
  env: OutboundEnv;
  logger: Logger;
  /** Stops consuming, waits for sends in flight, closes NATS (as SIGTERM does). */
  close(): Promise<void>;
}

/**
 * Builds the app (NATS with the streams checked, the attempts bucket, the channel registry, the
 * consumer) without listening; `serve.ts` and tests share it.
 */
export async function createOutboundApp(
  env: OutboundEnv,
  options: OutboundOverrides & { logger?: Logger } = {},
): Promise<OutboundApp> {
  const logger = options.logger ?? createLogger("outbound", env.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    outboundModule(env, logger, options),
    new FastifyAdapter(),
    {
      abortOnError: false,
      logger: new NestLogBridge(logger),
    },
  );
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, env, logger, close: () => app.close() };
}
