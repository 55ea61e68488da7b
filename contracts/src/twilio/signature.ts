import { createHmac } from "node:crypto";

/**
 * Computes `X-Twilio-Signature` as Twilio documents it: HMAC-SHA1, keyed with the auth
 * token, over the full URL followed by each POST param name and value, sorted by name,
 * base64-encoded. Used by the simulator and tests; the ingress checks signatures with the
 * `twilio` package's own validator so the two cannot share a mistake.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | readonly string[]>,
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    // As the twilio package's validator: each distinct value once, sorted.
    const values = typeof value === "string" ? [value] : [...new Set(value ?? [])].sort();
    for (const v of values) data += name + v;
  }
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

/**
 * Connection overrides Twilio reads from the URL fragment: retry on connection failures and
 * 5xx (`rp=all`), up to 3 times (`rc`), with timeouts. The fragment is not signed.
 */
export const TWILIO_RETRY_OVERRIDES = "#rc=3&rp=all&ct=5000&rt=15000&tt=15000";

export function webhookPaths() {
  return {
    inbound: "/api/v1/messaging/webhook/whatsapp",
    status: "/api/v1/messaging/webhook/whatsapp/status",
  } as const;
}

/** The webhook URLs a freelancer pastes into Twilio's console, with the retry overrides. */
export function webhookUrlsFor(publicBaseUrl: string) {
  const base = publicBaseUrl.replace(/\/+$/, "");
  const paths = webhookPaths();
  return {
    inbound: `${base}${paths.inbound}${TWILIO_RETRY_OVERRIDES}`,
    status: `${base}${paths.status}${TWILIO_RETRY_OVERRIDES}`,
    /** What outbound passes as StatusCallback (overrides included: Twilio honours them there too). */
    statusCallback: `${base}${paths.status}${TWILIO_RETRY_OVERRIDES}`,
  };
}
