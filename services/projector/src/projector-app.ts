import type { ProjectorEnv } from "@cloudpa/contracts";
import { createLogger, NestLogBridge } from "@cloudpa/kit";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify";
import { appModuleFor, type ProjectorAppOptions } from "./app.module.js";

/** Builds the projector from a parsed env (not listening yet); the consumer starts on init. */
export async function createProjectorApp(
  env: ProjectorEnv,
  options: Partial<ProjectorAppOptions> = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger("projector", env.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    appModuleFor(env, { ...options, logger }),
    new FastifyAdapter(),
    { abortOnError: false, logger: new NestLogBridge(logger) },
  );
  await app.init();
  return app;
}
