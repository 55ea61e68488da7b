import { z } from "zod";
import { mediaUrlKeySchema } from "../media/signed-media-url.js";
import { pushServiceHostsSchema } from "../push/push-service-hosts.js";
import { vapidPrivateKeySchema } from "../push/vapid-key.js";
import { emptyAsUndefined, envParts } from "./common-env.js";

const shared = {
  CLOUDPA_NAMESPACE: envParts.CLOUDPA_NAMESPACE,
  NATS_URL: envParts.NATS_URL,
  LOG_LEVEL: envParts.LOG_LEVEL,
  DUPLICATE_WINDOW_MS: envParts.DUPLICATE_WINDOW_MS,
  STREAM_REPLICAS: envParts.STREAM_REPLICAS,
};

/**
 * The HMAC key of the media URLs Twilio fetches (decision 021): the outbound signs them, the
 * ingress serves them. Unset, the ingress serves no media and the outbound refuses media sends.
 */
const MEDIA_URL_KEY = z.preprocess(emptyAsUndefined, mediaUrlKeySchema.optional());

const envChannel = {
  TWILIO_ACCOUNT_SID: envParts.TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: envParts.TWILIO_AUTH_TOKEN,
  TWILIO_WHATSAPP_FROM: envParts.TWILIO_WHATSAPP_FROM,
};

export const ingressEnvSchema = z.object({
  ...shared,
  ...envChannel,
  INGRESS_PORT: envParts.port(3001),
  PUBLIC_BASE_URL: envParts.PUBLIC_BASE_URL,
  CREDENTIALS_KEY: envParts.CREDENTIALS_KEY,
  INGRESS_SIGNING_KEY: envParts.SIGNING_KEY,
  TWILIO_API_BASE_URL: envParts.TWILIO_API_BASE_URL,
  MEDIA_URL_KEY,
  /** How long the ingress waits for JetStream's ack before answering 503. */
  PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
});
export type IngressEnv = z.infer<typeof ingressEnvSchema>;

export const projectorEnvSchema = z.object({
  ...shared,
  DATABASE_URL: envParts.DATABASE_URL,
  EVENT_PUBLIC_KEYS: envParts.EVENT_PUBLIC_KEYS,
  INGEST_CONCURRENCY: envParts.INGEST_CONCURRENCY,
  PROJECTOR_PORT: envParts.port(3003),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10000).default(500),
});
export type ProjectorEnv = z.infer<typeof projectorEnvSchema>;

export const outboundEnvSchema = z.object({
  ...shared,
  ...envChannel,
  OUTBOUND_PORT: envParts.port(3004),
  PUBLIC_BASE_URL: envParts.PUBLIC_BASE_URL,
  CREDENTIALS_KEY: envParts.CREDENTIALS_KEY,
  OUTBOUND_SIGNING_KEY: envParts.SIGNING_KEY,
  EVENT_PUBLIC_KEYS: envParts.EVENT_PUBLIC_KEYS,
  INGEST_CONCURRENCY: envParts.INGEST_CONCURRENCY,
  TWILIO_API_BASE_URL: envParts.TWILIO_API_BASE_URL,
  MEDIA_URL_KEY,
  /** How long a media URL given to Twilio answers: Twilio fetches it while it sends the message. */
  MEDIA_URL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
  /** Twilio's default throughput for one WhatsApp sender. */
  TWILIO_MESSAGES_PER_SECOND: z.coerce.number().min(0.1).default(80),
  /**
   * How long JetStream waits for the outbound to settle a delivered command before it redelivers
   * it. Must outlast a Twilio call (15 s); the attempt store keeps a redelivery from sending twice.
   */
  OUTBOUND_ACK_WAIT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
});
export type OutboundEnv = z.infer<typeof outboundEnvSchema>;

export const webEnvSchema = z.object({
  ...shared,
  ...envChannel,
  WEB_PORT: envParts.port(3000),
  /** Where Prometheus scrapes the web's /metrics: its own port, never routed to the public (the main port answers 404). */
  WEB_METRICS_PORT: envParts.port(9464),
  /** Where users reach the web (behind any proxy): the base of the URLs it publishes, never the Host header. */
  WEB_PUBLIC_URL: z.url().default("http://localhost:3000"),
  /**
   * How many reverse proxies stand in front of the web and set X-Forwarded-For. 0 (the default)
   * trusts none, so a client cannot choose the address that the per-address limits count.
   */
  WEB_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** JSON API requests a minute per caller (an API token, or a signed-in user), on every replica together. */
  WEB_API_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).default(1200),
  /** JSON API requests a minute per client address, signed in or not. */
  WEB_API_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(2400),
  DATABASE_URL: envParts.DATABASE_URL,
  PUBLIC_BASE_URL: envParts.PUBLIC_BASE_URL,
  CREDENTIALS_KEY: envParts.CREDENTIALS_KEY,
  WEB_SIGNING_KEY: envParts.SIGNING_KEY,
  /** The keyring the operator's admin pages verify the stream's events with; without it they say so. */
  // Empty means not set: compose passes the variable through even when the operator gave none.
  EVENT_PUBLIC_KEYS: z.preprocess(emptyAsUndefined, envParts.EVENT_PUBLIC_KEYS.optional()),
  TWILIO_API_BASE_URL: envParts.TWILIO_API_BASE_URL,
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters"),
  /** Where the simulator's phone is, when it runs (shown in the empty inbox). */
  TWILIO_SIM_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * The Web Push key (docs/decisions/025): its private half, 32 bytes base64url; the public half
   * follows from it. Unset, the web sends no push and Settings says so.
   */
  WEB_PUSH_VAPID_PRIVATE_KEY: z.preprocess(emptyAsUndefined, vapidPrivateKeySchema.optional()),
  /** Who the push services may contact about this sender (VAPID's `sub`): a mailto: or https: URL. */
  WEB_PUSH_SUBJECT: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, "WEB_PUSH_SUBJECT must be a mailto: or https: URL")
      .default("mailto:push@cloudpa.invalid"),
  ),
  /** The push services the web may POST to, comma-separated hosts (each with its subdomains). */
  WEB_PUSH_SERVICE_HOSTS: pushServiceHostsSchema,
});
export type WebEnv = z.infer<typeof webEnvSchema>;

export const twilioSimEnvSchema = z.object({
  TWILIO_SIM_PORT: envParts.port(3002),
  /** Where the simulator delivers inbound webhooks (the ingress's public URL). */
  PUBLIC_BASE_URL: envParts.PUBLIC_BASE_URL,
  TWILIO_ACCOUNT_SID: envParts.TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: envParts.TWILIO_AUTH_TOKEN,
  TWILIO_WHATSAPP_FROM: envParts.TWILIO_WHATSAPP_FROM,
  LOG_LEVEL: envParts.LOG_LEVEL,
  /**
   * Where the simulator keeps what Twilio would keep across restarts (`npm start` sets
   * `.cache/twilio-sim/state.json`); unset or empty, it keeps everything in memory only.
   */
  TWILIO_SIM_STATE_FILE: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
});
export type TwilioSimEnv = z.infer<typeof twilioSimEnvSchema>;
