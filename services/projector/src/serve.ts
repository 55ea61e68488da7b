import "reflect-metadata";
import type { ProjectorEnv } from "@cloudpa/contracts";
import type { Logger, RunningService } from "@cloudpa/kit";
import { createProjectorApp } from "./projector-app.js";

/** Builds the projector (the consumer starts on init) and listens; closing it finishes the batch in hand. */
export async function serveProjector(env: ProjectorEnv, logger: Logger): Promise<RunningService> {
  const app = await createProjectorApp(env, { logger });
  await app.listen({ port: env.PROJECTOR_PORT, host: "0.0.0.0" });
  logger.info("projector listening", { port: env.PROJECTOR_PORT, namespace: env.CLOUDPA_NAMESPACE });
  return app;
}
