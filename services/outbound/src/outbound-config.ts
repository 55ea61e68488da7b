import { type OutboundEnv, webhookUrlsFor } from "@cloudpa/contracts";

/** The parsed env, for the few providers that read a value of it directly. */
export const OUTBOUND_ENV = Symbol("OUTBOUND_ENV");

/** Bounds and timings of the send loop; defaults suit production, tests shorten them. */
export interface SendSettings {
  /** Deliveries of one command before a send that Twilio keeps refusing with 429/5xx fails as `retries_exhausted`. */
  maxDeliveries: number;
  /** First retry delay; doubled per delivery up to `maxRetryDelayMs`. */
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  /** How long one Twilio request may take before its outcome is in doubt. */
  twilioTimeoutMs: number;
  /** How long JetStream waits for a delivered command to be settled before redelivering it (`OUTBOUND_ACK_WAIT_MS`). */
  ackWaitMs: number;
  /** How long another process's unanswered call is presumed still running before this one resolves it. */
  attemptLeaseMs: number;
  /** After an unexpected failure (NATS unavailable mid-append…), the command comes back this much later. */
  failureRetryDelayMs: number;
  /** Sends in flight (`INGEST_CONCURRENCY`). */
  concurrency: number;
  /** Where Twilio posts status callbacks. */
  statusCallback: string;
  /** How media URLs are signed for Twilio (decision 021); without MEDIA_URL_KEY, media sends fail. */
  mediaUrls: MediaUrlSettings | undefined;
}

export interface MediaUrlSettings {
  key: Buffer;
  /** PUBLIC_BASE_URL: the ingress, which serves the signed paths. */
  publicBaseUrl: string;
  ttlSeconds: number;
}

export const SEND_SETTINGS = Symbol("SEND_SETTINGS");

/** The time, passed to every decision (a test controls it). */
export type Clock = () => Date;
export const CLOCK = Symbol("CLOCK");

/** This process, as written on the attempts it makes (a random id per start). */
export const ATTEMPT_OWNER = Symbol("ATTEMPT_OWNER");

/**
 * The send settings of an env, with a test's changes. Refuses an ack wait no longer than a
 * Twilio call: a delivery redelivered while its call still runs is safe (the attempt store),
 * but every send would then be handled twice over.
 */
export function sendSettingsOf(env: OutboundEnv, changes: Partial<SendSettings> = {}): SendSettings {
  const twilioTimeoutMs = changes.twilioTimeoutMs ?? 15_000;
  const settings: SendSettings = {
    maxDeliveries: 5,
    retryBaseDelayMs: 1000,
    maxRetryDelayMs: 30_000,
    failureRetryDelayMs: 2000,
    attemptLeaseMs: twilioTimeoutMs + 10_000,
    concurrency: env.INGEST_CONCURRENCY,
    statusCallback: webhookUrlsFor(env.PUBLIC_BASE_URL).statusCallback,
    mediaUrls: env.MEDIA_URL_KEY
      ? { key: env.MEDIA_URL_KEY, publicBaseUrl: env.PUBLIC_BASE_URL, ttlSeconds: env.MEDIA_URL_TTL_SECONDS }
      : undefined,
    ackWaitMs: env.OUTBOUND_ACK_WAIT_MS,
    ...changes,
    twilioTimeoutMs,
  };
  if (settings.ackWaitMs <= settings.twilioTimeoutMs)
    throw new Error(
      `bad configuration:\n  OUTBOUND_ACK_WAIT_MS: ${settings.ackWaitMs} ms must exceed the Twilio timeout (${settings.twilioTimeoutMs} ms)`,
    );
  return settings;
}
