import { existsSync } from "node:fs";
import { localEventPublicKeys } from "@cloudpa/contracts";

/**
 * Loads the local `.env` (written by `npm start`) without overriding what the environment
 * already says, then completes it the one way every process of a local install does (npm start's
 * services, the operator commands in a second terminal):
 * - the consumers' `EVENT_PUBLIC_KEYS` follows from the producers' signing keys unless it was set;
 * - with a `.env` and no Twilio account of its own (`TWILIO_AUTH_TOKEN`), Twilio is the bundled
 *   simulator, and Twilio reaches the ingress on this machine.
 * `CLOUDPA_ENV_FILE` names another file instead (a second install on one machine, the tests).
 * Deployments have no `.env` (.dockerignore): they set every variable themselves.
 */
export function loadDotEnv(path = ".env"): void {
  const file = process.env.CLOUDPA_ENV_FILE || path;
  if (existsSync(file)) {
    process.loadEnvFile(file);
    applyLocalInstallDefaults(process.env);
  }
  if (process.env.EVENT_PUBLIC_KEYS) return;
  const derived = localEventPublicKeys(process.env);
  if (derived !== undefined) process.env.EVENT_PUBLIC_KEYS = derived;
}

function applyLocalInstallDefaults(env: NodeJS.ProcessEnv): void {
  env.PUBLIC_BASE_URL ||= `http://localhost:${env.INGRESS_PORT || 3001}`;
  if (env.TWILIO_AUTH_TOKEN) return;
  const simulatorPort = env.TWILIO_SIM_PORT || 3002;
  env.TWILIO_API_BASE_URL ||= `http://127.0.0.1:${simulatorPort}`;
  env.TWILIO_SIM_URL ||= `http://localhost:${simulatorPort}`;
}
