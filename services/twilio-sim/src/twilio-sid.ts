import { randomBytes } from "node:crypto";

/** A Twilio resource SID: a two-letter type prefix (`SM`, `MM`, `AC`, `XE`…) and 32 hex digits. */
export function newTwilioSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}
