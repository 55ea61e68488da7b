import { z } from "zod";
import { envParts } from "./common-env.js";

/** What names a local install (docs/decisions/045): the namespace, NATS server and database it reaches. */
export const localInstallEnvSchema = z.object({
  CLOUDPA_NAMESPACE: envParts.CLOUDPA_NAMESPACE,
  NATS_URL: envParts.NATS_URL,
  DATABASE_URL: envParts.DATABASE_URL,
});
