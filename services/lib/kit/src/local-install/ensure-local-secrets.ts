import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { parseEnv } from "node:util";
import { installNameOf, type SettledSecrets, settleLocalSecrets } from "./local-secrets.js";

type Values = Record<string, string | undefined>;

/** Where this machine keeps each local install's secrets: `$XDG_CONFIG_HOME/cloudpa/installs` (~/.config). */
export function localInstallsDirectory(environment: Values): string {
  return join(environment.XDG_CONFIG_HOME || join(homedir(), ".config"), "cloudpa", "installs");
}

/**
 * `npm start`'s first step (docs/decisions/045): completes the checkout's `.env` with the install's
 * secrets, taken from this machine's record of the install when another checkout made them, else
 * generated and recorded there, so every checkout that reaches the same database and streams
 * signs, seals and verifies with the same keys.
 */
export function ensureLocalSecrets(
  envFile: string,
  environment: Values = process.env,
): SettledSecrets & { installFile: string } {
  const envFileExists = existsSync(envFile);
  const existing = envFileExists ? readFileSync(envFile, "utf8") : "";
  const checkout = parseEnv(existing);
  const installFile = join(localInstallsDirectory(environment), installNameOf(environment, checkout));
  const recorded = existsSync(installFile) ? readFileSync(installFile, "utf8") : "";
  const settled = settleLocalSecrets({ environment, checkout, install: parseEnv(recorded) });

  // The file marks a local install even when the environment holds every key (loadDotEnv's defaults).
  const header = !envFileExists
    ? ["# Cloud PA's local configuration, written by npm start; the environment wins."]
    : [];
  appendLines(envFile, existing, [...header, ...settled.forCheckout.map(([name, value]) => `${name}=${value}`)]);
  if (settled.forInstall.length > 0) {
    mkdirSync(dirname(installFile), { recursive: true, mode: 0o700 });
    const installHeader = recorded
      ? []
      : ["# The secrets of one local Cloud PA install (its database and streams), shared by its checkouts."];
    appendLines(installFile, recorded, [
      ...installHeader,
      ...settled.forInstall.map(([name, value]) => `${name}=${value}`),
    ]);
  }
  return { ...settled, installFile };
}

function appendLines(file: string, existing: string, lines: string[]): void {
  if (lines.length === 0) return;
  const separator = existing && !existing.endsWith("\n") ? "\n" : "";
  appendFileSync(file, `${separator}${lines.join("\n")}\n`, { mode: 0o600 });
}
