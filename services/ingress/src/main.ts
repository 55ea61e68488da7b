import "reflect-metadata";
import { ingressEnvSchema, parseEnv, webhookUrlsFor } from "@cloudpa/contracts";
import { createLogger, errorContext, loadDotEnv } from "@cloudpa/kit";
import { createIngressApp } from "./ingress-app.js";

loadDotEnv();
let env: ReturnType<typeof parseEnv<typeof ingressEnvSchema>>;
try {
  env = parseEnv(ingressEnvSchema);
} catch (error) {
  // Bad configuration stops the service before it accepts anything; the message names each variable.
  process.stderr.write(`ingress: ${(error as Error).message}\n`);
  process.exit(1);
}
const logger = createLogger("ingress", env.LOG_LEVEL);

try {
  const app = await createIngressApp(env, { logger });
  app.enableShutdownHooks();
  await app.listen({ port: env.INGRESS_PORT, host: "0.0.0.0" });
  const urls = webhookUrlsFor(env.PUBLIC_BASE_URL);
  logger.info("ingress listening", {
    port: env.INGRESS_PORT,
    namespace: env.CLOUDPA_NAMESPACE,
    inboundWebhookUrl: urls.inbound,
    statusCallbackUrl: urls.status,
  });
} catch (error) {
  logger.error("ingress failed to start", errorContext(error));
  process.exit(1);
}
