import "reflect-metadata";
import { type IngressEnv, webhookUrlsFor } from "@cloudpa/contracts";
import type { Logger, RunningService } from "@cloudpa/kit";
import { createIngressApp } from "./ingress-app.js";

/** Builds the ingress and listens; closing it stops accepting, stops the registry watch and drains NATS. */
export async function serveIngress(env: IngressEnv, logger: Logger): Promise<RunningService> {
  const app = await createIngressApp(env, { logger });
  await app.listen({ port: env.INGRESS_PORT, host: "0.0.0.0" });
  const address = app.getHttpServer().address();
  const urls = webhookUrlsFor(env.PUBLIC_BASE_URL);
  // The URLs to paste into Twilio's console: they carry the overrides that make Twilio retry.
  logger.info("ingress listening", {
    port: typeof address === "object" && address ? address.port : env.INGRESS_PORT,
    namespace: env.CLOUDPA_NAMESPACE,
    inboundWebhookUrl: urls.inbound,
    statusCallbackUrl: urls.status,
  });
  return app;
}
