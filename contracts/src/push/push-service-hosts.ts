import { z } from "zod";

/**
 * The push services the browsers subscribe with (Chrome and other Chromium: FCM; Firefox:
 * Mozilla's autopush; Safari: Apple's; Edge: Windows Push Notification Services). A subscription's
 * endpoint is a URL the browser hands the page, so a signed-in user can name any address; the web
 * POSTs only to these hosts and their subdomains, never to an address a client chose (SSRF).
 */
export const DEFAULT_PUSH_SERVICE_HOSTS: readonly string[] = [
  "fcm.googleapis.com",
  "push.services.mozilla.com",
  "push.apple.com",
  "notify.windows.com",
];

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * `WEB_PUSH_SERVICE_HOSTS`: the hosts the web may push to, comma-separated; each also admits its
 * subdomains. Unset, the browsers' push services above.
 */
export const pushServiceHostsSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value.trim() === "") return DEFAULT_PUSH_SERVICE_HOSTS;
    const hosts = value.split(",").map((host) => host.trim().toLowerCase());
    const bad = hosts.find((host) => !hostnamePattern.test(host));
    if (bad !== undefined) {
      context.addIssue({ code: "custom", message: `WEB_PUSH_SERVICE_HOSTS: "${bad}" is not a host name` });
      return z.NEVER;
    }
    return hosts;
  });

/** Whether a push endpoint is an https URL at one of the allowed push services (or a subdomain). */
export function isPushServiceEndpoint(endpoint: string, hosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
