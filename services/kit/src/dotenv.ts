import { existsSync } from "node:fs";

/** Loads a local `.env` (written by `npm start`) without overriding what the environment already says. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
