import type { Logger } from "@cloudpa/kit";
import { type ArgumentsHost, Catch, type ExceptionFilter } from "@nestjs/common";
import type { FastifyReply, FastifyRequest } from "fastify";
import { HTTP_STATUS_OF, IngressError } from "./ingress-error.js";

/** Seconds a sender is asked to wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 1;

/** Answers an IngressError as plain text with the status its code maps to, and logs it. */
@Catch(IngressError)
export class IngressErrorFilter implements ExceptionFilter<IngressError> {
  constructor(private readonly logger: Logger) {}

  catch(error: IngressError, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const status = HTTP_STATUS_OF[error.code];
    this.logger.warn("webhook refused", {
      route: request.routeOptions.url,
      status,
      errorCode: error.code,
      reason: error.detail ?? error.message,
      messageSid: sidOf(request.body),
    });
    if (status === 503) reply.header("Retry-After", String(RETRY_AFTER_SECONDS));
    reply.status(status).header("Content-Type", "text/plain; charset=utf-8").send(`${error.message}\n`);
  }
}

/** The MessageSid of a refused webhook, when it looks like one (never an arbitrary caller string). */
function sidOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const sid = (body as Record<string, unknown>).MessageSid;
  return typeof sid === "string" && /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(sid) ? sid : undefined;
}
