import { errorContext, type Logger } from "@cloudpa/kit";
import type { FastifyReply, FastifyRequest } from "fastify";
import { HTTP_STATUS_OF, IngressError } from "../ingress-error.js";

/** Seconds a sender is asked to wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Answers a webhook the ingress did not accept: an IngressError as plain text with the status
 * its code maps to, anything else as a 500 (Twilio retries it). Both are logged.
 */
export function refuseWebhook(
  logger: Logger,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  reply.header("Content-Type", "text/plain; charset=utf-8");
  if (!(error instanceof IngressError)) {
    logger.error("webhook failed", { route: request.routeOptions.url, ...errorContext(error) });
    return reply.status(500).send("internal error\n");
  }
  const status = HTTP_STATUS_OF[error.code];
  logger.warn("webhook refused", {
    route: request.routeOptions.url,
    status,
    errorCode: error.code,
    reason: error.detail ?? error.message,
    messageSid: sidOf(request.body),
  });
  if (status === 503) reply.header("Retry-After", String(RETRY_AFTER_SECONDS));
  return reply.status(status).send(`${error.message}\n`);
}

/** The MessageSid of a refused webhook, when it looks like one (never an arbitrary caller string). */
function sidOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const sid = (body as Record<string, unknown>).MessageSid;
  return typeof sid === "string" && /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(sid) ? sid : undefined;
}
