import "reflect-metadata";
import type { OutboundEnv } from "@cloudpa/contracts";
import type { Logger, RunningService } from "@cloudpa/kit";
import { createOutboundApp } from "./outbound-app.js";

/** Builds the outbound (the consumer starts on init) and listens; closing it waits for sends in flight. */
export async function serveOutbound(env: OutboundEnv, logger: Logger): Promise<RunningService> {
  const outbound = await createOutboundApp(env, { logger });
  await outbound.app.listen({ port: env.OUTBOUND_PORT, host: "0.0.0.0" });
  logger.info("outbound listening", { url: await outbound.app.getUrl(), namespace: env.CLOUDPA_NAMESPACE });
  return outbound;
}
