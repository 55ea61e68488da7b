/** Twilio's REST API writes dates in RFC 2822 with a numeric zone: `Wed, 25 Nov 2026 00:22:49 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}
