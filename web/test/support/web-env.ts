import { randomBytes } from "node:crypto";
import type { TestKeys } from "@cloudpa/testkit";

/** The env a web server of a test reads: its own database, NATS namespace and keys. */
export function webTestEnv(input: {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  keys: TestKeys;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    NATS_URL: input.natsUrl,
    CLOUDPA_NAMESPACE: input.namespace,
    WEB_SIGNING_KEY: input.keys.env.WEB_SIGNING_KEY ?? "",
    CREDENTIALS_KEY: input.keys.env.CREDENTIALS_KEY ?? "",
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    PUBLIC_BASE_URL: "http://localhost:3001",
    LOG_LEVEL: "warn",
    NODE_ENV: "test",
    ...input.extra,
  };
}
