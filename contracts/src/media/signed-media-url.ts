import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * `MEDIA_URL_KEY`: 32 random bytes, base64: the HMAC key of the media URLs the ingress serves to
 * Twilio (decision 021). Generated into `.env` by the first `npm start`, like the other keys.
 */
export const mediaUrlKeySchema = z
  .string()
  .transform((value) => Buffer.from(value, "base64"))
  .refine((key) => key.length === 32, "MEDIA_URL_KEY must be 32 bytes, base64-encoded");

export function generateMediaUrlKey(): string {
  return randomBytes(32).toString("base64");
}

/** Where the ingress serves stored media: `/media/<orgId>/<mediaId>/<expires>/<signature>`. */
export const MEDIA_URL_PREFIX = "/media/";

/** One stored object: what a signed URL names. */
export interface MediaObjectRef {
  orgId: string;
  mediaId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signatureOf(key: Buffer, ref: MediaObjectRef, expiresAtSeconds: number): string {
  return createHmac("sha256", key)
    .update(`cloudpa-media-v1\n${ref.orgId}\n${ref.mediaId}\n${expiresAtSeconds}`)
    .digest("base64url");
}

/** The path (under the public base URL) at which one object answers until `expiresAt`. */
export function signMediaPath(key: Buffer, ref: MediaObjectRef, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${MEDIA_URL_PREFIX}${ref.orgId}/${ref.mediaId}/${expires}/${signatureOf(key, ref, expires)}`;
}

/**
 * The object a signed path names, if its signature is this key's for exactly that object and
 * it has not expired; undefined for anything else (malformed, tampered, expired, another
 * object's signature), which the server answers with one indistinguishable 404.
 */
export function verifyMediaPath(key: Buffer, path: string, now: Date = new Date()): MediaObjectRef | undefined {
  if (!path.startsWith(MEDIA_URL_PREFIX)) return undefined;
  const parts = path.slice(MEDIA_URL_PREFIX.length).split("/");
  if (parts.length !== 4) return undefined;
  const [orgId = "", mediaId = "", expiresText = "", signature = ""] = parts;
  if (!UUID.test(orgId) || !UUID.test(mediaId) || !/^\d{1,12}$/.test(expiresText)) return undefined;
  const expires = Number(expiresText);
  const ref = { orgId, mediaId };
  const expected = Buffer.from(signatureOf(key, ref, expires));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (expires * 1000 <= now.getTime()) return undefined;
  return ref;
}
