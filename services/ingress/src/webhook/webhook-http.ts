import type { FastifyInstance, FastifyRequest } from "fastify";
import { IngressError } from "../ingress-error.js";
import { signedUrlOf, TWILIO_SIGNATURE_HEADER } from "../signature/twilio-signature.js";
import { type FormParams, MAX_WEBHOOK_BYTES, parseFormBody } from "./form-body.js";
import type { WebhookRequest } from "./webhook-request.js";

const FORM = "application/x-www-form-urlencoded";

/**
 * Makes the form parser the app's only body parser: any other content type is answered 415
 * by Fastify before a handler runs, and a body past 64 KiB 413.
 */
export function acceptOnlyFormBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(FORM, { parseAs: "buffer", bodyLimit: MAX_WEBHOOK_BYTES }, (_request, body, done) => {
    done(null, parseFormBody(body as Buffer));
  });
}

/** Reads a webhook off the HTTP request: params, signature and the URL Twilio signed. */
export function webhookRequestOf(request: FastifyRequest, publicBaseUrl: string, receivedAt: Date): WebhookRequest {
  const body = request.body;
  // Only the form parser produces an object; a request without a content type has no body.
  if (body === null || typeof body !== "object") {
    throw new IngressError("WEBHOOK.UNSUPPORTED_MEDIA_TYPE", `expected a ${FORM} body`);
  }
  const signature = request.headers[TWILIO_SIGNATURE_HEADER];
  return {
    params: body as FormParams,
    signature: typeof signature === "string" ? signature : undefined,
    url: signedUrlOf(publicBaseUrl, request.raw.url ?? request.url),
    receivedAt,
  };
}

/** Requests whose event JetStream already held: counted as duplicates, not as new messages. */
const duplicates = new WeakSet<object>();

export function markDuplicate(request: FastifyRequest): void {
  duplicates.add(request.raw);
}

export function isDuplicate(request: FastifyRequest): boolean {
  return duplicates.has(request.raw);
}
