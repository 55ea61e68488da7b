import { extractTraceContextFromQuery, inSpan } from "@cloudpa/kit";
import { context, type Link, SpanKind, trace } from "@opentelemetry/api";
import type { FastifyRequest } from "fastify";

export type WebhookKind = "inbound" | "status";

/**
 * Runs a webhook's handling in a span. An inbound message starts its trace here (under the HTTP
 * server span when http is instrumented). A status callback continues the trace of the Twilio call
 * that asked for it: the outbound put that call's context in the StatusCallback URL's query, which
 * Twilio signs and calls as given; the callback request's own span (Fastify's handler span, under
 * the HTTP server span) is then linked, not the parent.
 */
export function inWebhookSpan<T>(kind: WebhookKind, request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  const active = context.active();
  // Only a status callback's query can carry a trace context; an inbound webhook's is not read.
  const parent = kind === "status" ? extractTraceContextFromQuery(queryOf(request), active) : active;
  const server = trace.getSpanContext(active);
  const links: Link[] = parent !== active && server ? [{ context: server }] : [];
  const messageSid = (request.body as Record<string, unknown> | null)?.MessageSid;
  return inSpan(
    `webhook ${kind}`,
    {
      kind: SpanKind.INTERNAL,
      links,
      attributes: {
        "cloudpa.webhook": kind,
        ...(typeof messageSid === "string" ? { "cloudpa.message_sid": messageSid } : {}),
      },
    },
    work,
    parent,
  );
}

function queryOf(request: FastifyRequest): URLSearchParams {
  const url = request.raw.url ?? "";
  const at = url.indexOf("?");
  return new URLSearchParams(at === -1 ? "" : url.slice(at + 1));
}
