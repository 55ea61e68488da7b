import { z } from "zod";
import { credentialsKeySchema } from "../channels/credentials.js";
import { publicKeysSchema, signingKeySchema } from "../envelope/keys.js";
import { whatsappHandle } from "../events/common.js";
import { DEFAULT_NAMESPACE, namespaceSchema } from "../names.js";
import { DEFAULT_EVENT_PARTITIONS, eventPartitionsSchema } from "../partitions/partition-of.js";

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** An empty variable (compose passes `${X:-}` through) counts as not set. */
export const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

/** Pieces of env that more than one service reads, each parsed the same way everywhere. */
export const envParts = {
  CLOUDPA_NAMESPACE: namespaceSchema.default(DEFAULT_NAMESPACE),
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/cloudpa"),
  PUBLIC_BASE_URL: z.url().default("http://localhost:3001"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(15),
  CREDENTIALS_KEY: credentialsKeySchema,
  EVENT_PUBLIC_KEYS: publicKeysSchema,
  SIGNING_KEY: signingKeySchema,
  TWILIO_ACCOUNT_SID: z.preprocess(emptyAsUndefined, z.string().optional()),
  TWILIO_AUTH_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
  TWILIO_WHATSAPP_FROM: z.preprocess(emptyAsUndefined, whatsappHandle.default("whatsapp:+14155238886")),
  TWILIO_API_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** JetStream's duplicate window for both streams. */
  DUPLICATE_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60 * 60 * 1000),
  STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /**
   * The partition count the set-up records (docs/decisions/019); read by the set-up only, every
   * service takes the recorded count from NATS.
   */
  EVENT_PARTITIONS: z.preprocess(emptyAsUndefined, eventPartitionsSchema.default(DEFAULT_EVENT_PARTITIONS)),
  port,
};

/** Parses env with a schema and fails loudly, naming every bad variable (never its value). */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`);
  throw new Error(`bad configuration:\n${problems.join("\n")}`);
}
