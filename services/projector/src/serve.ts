import "reflect-metadata";
import { type ProjectorEnv, parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { createLogger, errorContext, loadDotEnv } from "@cloudpa/kit";
import { createProjectorApp } from "./projector-app.js";

loadDotEnv();
let env: ProjectorEnv;
try {
  env = parseEnv(projectorEnvSchema);
} catch (error) {
  // Bad configuration stops the service before it consumes anything; the message names each variable.
  process.stderr.write(`projector: ${(error as Error).message}\n`);
  process.exit(1);
}
const logger = createLogger("projector", env.LOG_LEVEL);

try {
  const app = await createProjectorApp(env, { logger });
  app.enableShutdownHooks();
  await app.listen({ port: env.PROJECTOR_PORT, host: "0.0.0.0" });
  logger.info("projector listening", { port: env.PROJECTOR_PORT, namespace: env.CLOUDPA_NAMESPACE });
} catch (error) {
  logger.error("projector failed to start", errorContext(error));
  process.exit(1);
}
