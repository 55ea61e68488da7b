import { TWILIO_API_BASE } from "../channels/twilio-credentials.server.ts";

/**
 * Whether Twilio credentials may go with a request to this URL: only to Twilio's own media
 * hosts over HTTPS (and to the configured TWILIO_API_BASE_URL's origin, the simulator in
 * development). A MediaUrl is customer-influenced data; a forged one must not collect them.
 */
export function mayCarryTwilioCredentials(url: string, apiBaseUrl: string | undefined): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  if (apiBaseUrl && apiBaseUrl !== TWILIO_API_BASE) {
    const configured = new URL(apiBaseUrl);
    if (target.origin === configured.origin) return true;
  }
  if (target.protocol !== "https:" || target.port !== "") return false;
  const host = target.hostname.toLowerCase();
  return host === "api.twilio.com" || host === "media.twiliocdn.com" || host.endsWith(".twiliocdn.com");
}
