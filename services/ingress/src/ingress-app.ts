import { type IngressEnv, webhookPaths } from "@cloudpa/contracts";
import { createLogger, type Logger, NestLogBridge, ServiceNats } from "@cloudpa/kit";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify";
import { appModuleFor } from "./app.module.js";
import { serveMedia } from "./media/media-route.js";
import { IngressMetrics, outcomeOf, type WebhookRoute } from "./ops/ingress-metrics.js";
import { ReceiveStatusCommand } from "./status/receive-status/receive-status.command.js";
import { ReceiveStatusHandler } from "./status/receive-status/receive-status.handler.js";
import { MAX_WEBHOOK_BYTES } from "./webhook/form-body.js";
import { ReceiveInboundCommand } from "./webhook/receive-inbound/receive-inbound.command.js";
import { ReceiveInboundHandler } from "./webhook/receive-inbound/receive-inbound.handler.js";
import { acceptOnlyFormBodies, isDuplicate } from "./webhook/webhook-http.js";
import { serveWebhook } from "./webhook/webhook-route.js";

/**
 * Builds the ingress from a parsed env: connects NATS (checking that the set-up step created the
 * streams and bucket), loads the channel registry, and mounts the webhooks and ops routes. Not
 * listening yet. Tests build it in-process with their own env object. The webhooks are Fastify
 * routes (see serveWebhook); Nest serves the ops routes and wires everything.
 */
export async function createIngressApp(
  env: IngressEnv,
  options: { logger?: Logger } = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger("ingress", env.LOG_LEVEL);
  const adapter = new FastifyAdapter({ bodyLimit: MAX_WEBHOOK_BYTES });
  const fastify = adapter.getInstance();
  acceptOnlyFormBodies(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(appModuleFor(env, logger), adapter, {
    bodyParser: false,
    abortOnError: false,
    logger: new NestLogBridge(logger),
  });
  const inbound = app.get(ReceiveInboundHandler);
  const status = app.get(ReceiveStatusHandler);
  serveWebhook(
    fastify,
    {
      path: webhookPaths().inbound,
      kind: "inbound",
      name: "receiveInbound",
      handle: (webhook) => inbound.execute(new ReceiveInboundCommand(webhook)),
    },
    env,
    logger,
  );
  serveWebhook(
    fastify,
    {
      path: webhookPaths().status,
      kind: "status",
      name: "receiveStatus",
      handle: (webhook) => status.execute(new ReceiveStatusCommand(webhook)),
    },
    env,
    logger,
  );
  serveMedia(fastify, env, app.get(ServiceNats), logger);
  const metrics = app.get(IngressMetrics);
  const routes = new Map<string, WebhookRoute>([
    [webhookPaths().inbound, "inbound"],
    [webhookPaths().status, "status"],
  ]);
  // Counted when the answer is sent, so refusals Fastify makes itself (413, 415) count too.
  fastify.addHook("onResponse", async (request, reply) => {
    const route = routes.get(request.routeOptions.url ?? "");
    if (!route) return;
    const outcome = outcomeOf(reply.statusCode, isDuplicate(request));
    metrics.requests.inc({ route, outcome, status: String(reply.statusCode) });
  });
  await app.init();
  return app;
}
