import "reflect-metadata";
import { type IngressEnv, ingressEnvSchema, parseEnv, webhookUrlsFor } from "@cloudpa/contracts";
import { createLogger, errorContext, loadDotEnv } from "@cloudpa/kit";
import { createIngressApp } from "./ingress-app.js";

loadDotEnv();
let env: IngressEnv;
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
  await app.listen({ port: env.INGRESS_PORT, host: "0.0.0.0" });
  const address = app.getHttpServer().address();
  const urls = webhookUrlsFor(env.PUBLIC_BASE_URL);
  // On SIGTERM/SIGINT: stop accepting, let Nest drain NATS and stop the registry watch, exit 0.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info("ingress stopping", { signal });
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error("ingress did not stop cleanly", errorContext(error));
          process.exit(1);
        },
      );
    });
  }
  // The URLs to paste into Twilio's console: they carry the overrides that make Twilio retry.
  logger.info("ingress listening", {
    port: typeof address === "object" && address ? address.port : env.INGRESS_PORT,
    namespace: env.CLOUDPA_NAMESPACE,
    inboundWebhookUrl: urls.inbound,
    statusCallbackUrl: urls.status,
  });
} catch (error) {
  logger.error("ingress failed to start", errorContext(error));
  process.exit(1);
}
