import type { IngressEnv } from "@cloudpa/contracts";
import type { Logger } from "@cloudpa/kit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EMPTY_TWIML } from "./twiml.js";
import { markDuplicate, webhookRequestOf } from "./webhook-http.js";
import { refuseWebhook } from "./webhook-refusal.js";
import type { WebhookOutcome, WebhookRequest } from "./webhook-request.js";
import { inWebhookSpan, type WebhookKind } from "./webhook-span.js";

export interface WebhookRoute {
  path: string;
  kind: WebhookKind;
  /** The route handler's name, which its trace span carries ("handler - <name>"). */
  name: string;
  /** Checks, records and resolves once JetStream has stored the event (a command handler's execute). */
  handle(webhook: WebhookRequest): Promise<WebhookOutcome>;
}

/**
 * Serves a webhook as a Fastify route of the app's own instance. Nest builds the app and its
 * providers (the handlers come from its container) and runs its lifecycle, but no Nest
 * controller, pipe, interceptor, exception filter or command bus sits between the request
 * and the handler: measured under load that layer cost more CPU per webhook than checking
 * Twilio's signature. The answer is the same: 200 with empty TwiML only after JetStream's ack,
 * a refusal as plain text with its status.
 */
export function serveWebhook(
  fastify: FastifyInstance,
  route: WebhookRoute,
  env: Pick<IngressEnv, "PUBLIC_BASE_URL">,
  logger: Logger,
): void {
  const { kind, handle } = route;
  const handler = {
    [route.name]: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const outcome = await inWebhookSpan(kind, request, () =>
          handle(webhookRequestOf(request, env.PUBLIC_BASE_URL, new Date())),
        );
        if (outcome.duplicate) markDuplicate(request);
        return reply.status(200).header("Content-Type", "text/xml; charset=utf-8").send(EMPTY_TWIML);
      } catch (error) {
        return refuseWebhook(logger, error, request, reply);
      }
    },
  }[route.name];
  if (!handler) throw new Error(`no handler named ${route.name}`);
  fastify.post(route.path, handler);
}
