import { createHash, randomBytes } from "node:crypto";

/** A random secret for a cookie or an API token: 32 bytes, base64url. */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Secrets are stored only as their SHA-256: a leaked table opens no session and no API. */
export function secretHash(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}
