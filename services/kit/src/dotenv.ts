import { existsSync } from "node:fs";
import { localEventPublicKeys } from "@cloudpa/contracts";

/**
 * Loads the local `.env` (written by `npm start`) without overriding what the environment
 * already says, then completes it the one way every process of a local install does: the
 * consumers' `EVENT_PUBLIC_KEYS` follows from the producers' signing keys unless it was set.
 * `CLOUDPA_ENV_FILE` names another file instead (a second install on one machine, the tests).
 */
export function loadDotEnv(path = ".env"): void {
  const file = process.env.CLOUDPA_ENV_FILE || path;
  if (existsSync(file)) process.loadEnvFile(file);
  if (process.env.EVENT_PUBLIC_KEYS) return;
  const derived = localEventPublicKeys(process.env);
  if (derived !== undefined) process.env.EVENT_PUBLIC_KEYS = derived;
}
