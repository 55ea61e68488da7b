import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readCookie, serializeCookie } from "./sessions.server.ts";

export const KNOWN_DEVICE_COOKIE = "cloudpa_device";
const KNOWN_DEVICE_DAYS = 365;

/**
 * A browser that logged in to an account before carries `<nonce>.<HMAC(secret, email, nonce)>`:
 * proof, signed by the server, that this browser once knew the password. It exempts the browser
 * from the account's lock (see LOGIN_LIMITS), never from the password.
 */
function mac(secret: string, emailKey: string, nonce: string): string {
  return createHmac("sha256", secret).update(`known-device:${emailKey}:${nonce}`).digest("base64url");
}

/** The cookie to set after a successful log-in of `emailKey`. */
export function knownDeviceCookie(secret: string, emailKey: string, options: { secure: boolean }): string {
  const nonce = randomBytes(18).toString("base64url");
  return serializeCookie(KNOWN_DEVICE_COOKIE, `${nonce}.${mac(secret, emailKey, nonce)}`, {
    ...options,
    maxAgeSeconds: KNOWN_DEVICE_DAYS * 24 * 3600,
  });
}

/** This browser's device id for `emailKey` when its cookie was signed for that account, else undefined. */
export function knownDeviceOf(request: Request, secret: string, emailKey: string): string | undefined {
  const value = readCookie(request, KNOWN_DEVICE_COOKIE);
  const [nonce, signature, extra] = value?.split(".") ?? [];
  if (!nonce || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(secret, emailKey, nonce));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? nonce : undefined;
}
