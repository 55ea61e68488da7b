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
 */
export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: FormParams,
): boolean {
  if (!signature || !authToken) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    // The validator parses the URL; one it cannot parse was not signed by Twilio.
    return false;
  }
}
