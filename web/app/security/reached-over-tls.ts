/**
 * Whether users reach the web over TLS: its WEB_PUBLIC_URL is https, wherever the TLS ends (the
 * web itself, or a proxy in front). What follows from it: HSTS on every answer, and cookies marked
 * Secure, which a browser keeps only from an https page (so never over a plain-http address).
 */
export function reachedOverTls(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === "https:";
}
