import { createECDH } from "node:crypto";
import { z } from "zod";

/** A VAPID key pair (RFC 8292), as web-push and the browser's pushManager take it: base64url. */
export interface VapidKeys {
  /** The uncompressed P-256 point (65 bytes): the browser's `applicationServerKey`. */
  publicKey: string;
  /** The P-256 private scalar (32 bytes). */
  privateKey: string;
}

/** The public key of a VAPID private key; throws when it is not a P-256 private key. */
export function vapidKeysOf(privateKey: string): VapidKeys {
  const bytes = Buffer.from(privateKey, "base64url");
  if (bytes.length !== 32 || bytes.toString("base64url") !== privateKey) throw new Error("not 32 bytes, base64url");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(bytes);
  return { publicKey: ecdh.getPublicKey().toString("base64url"), privateKey };
}

/**
 * `WEB_PUSH_VAPID_PRIVATE_KEY`: the web's Web Push signing key (docs/decisions/025), 32 bytes
 * base64url. The public key follows from it, so the pair cannot disagree. Generated into `.env`
 * by the first `npm start`, like the other keys; a bad one stops the web at start-up.
 */
export const vapidPrivateKeySchema = z.string().transform((value, ctx) => {
  try {
    return vapidKeysOf(value.trim());
  } catch {
    ctx.addIssue({
      code: "custom",
      message: "WEB_PUSH_VAPID_PRIVATE_KEY must be a P-256 private key: 32 bytes, base64url",
    });
    return z.NEVER;
  }
});

export function generateVapidPrivateKey(): string {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  // getPrivateKey drops leading zero bytes; the key is always written as 32.
  return Buffer.from(ecdh.getPrivateKey("hex").padStart(64, "0"), "hex").toString("base64url");
}
