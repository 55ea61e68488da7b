import { timingSafeEqual } from "node:crypto";
import twilio from "twilio";
import type { FormParams } from "../webhook/form-body.js";

/** The header Twilio signs every webhook with. */
export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";

/**
 * The URL Twilio called: our public base URL plus the path and query as received. The Host
 * header is never used: behind ngrok or a proxy it names us, not what Twilio signed. The URL
 * fragment (retry overrides) never reaches us and is not signed.
 */
export function signedUrlOf(publicBaseUrl: string, pathAndQuery: string): string {
  return publicBaseUrl.replace(/\/+$/, "") + pathAndQuery;
}

/**
 * Whether `signature` is Twilio's for this URL and these params, checked by the `twilio`
 * package's own validator (so it accepts what Twilio's does: with and without the default
 * port, and the escaped forms of the query). Never throws.
 *
 * The URL exactly as received is one of the forms that validator accepts, so it is tried
 * first with one HMAC; only a signature that does not match it goes through the validator's
 * other forms. For a URL with a port the validator starts with the port removed, so a valid
 * webhook cost two HMACs and two URL splits instead of one.
 */
export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: FormParams,
): boolean {
  if (!signature || !authToken) return false;
  try {
    if (sameSignature(signature, twilio.getExpectedTwilioSignature(authToken, url, params))) return true;
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    // The validator parses the URL; one it cannot parse was not signed by Twilio.
    return false;
  }
}

function sameSignature(received: string, expected: string): boolean {
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
