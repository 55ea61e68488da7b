import { type TwilioRefusal, twilioRefusal } from "./twilio-error.js";

/** How a chosen failure plays out: refused at once, or accepted and then failed in its status callbacks. */
export type SendFailure =
  | { kind: "refused"; refusal: TwilioRefusal }
  | { kind: "later"; status: "failed" | "undelivered"; errorCode: number; errorMessage: string };

/** A failure that only shows in the message's status callbacks (channel and carrier errors). */
export type LaterFailure = Extract<SendFailure, { kind: "later" }>;

const MESSAGES: Record<number, string> = {
  20429: "Too Many Requests",
  20500: "Internal Server Error",
  20503: "Service Unavailable",
  21211: "Invalid 'To' Phone Number",
  21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
  21610: "Attempt to send to unsubscribed recipient",
  21614: "'To' number is not a valid mobile number",
  30003: "Unreachable destination handset",
  30005: "Unknown destination handset",
  30006: "Landline or unreachable carrier",
  30008: "Unknown error",
  63003: "Channel could not find To address",
  63016:
    "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.",
  63018: "Rate limit exceeded for Channel",
};

/**
 * Reads one entry of the `failSends` queue as Twilio would answer: an HTTP status (429, 500…) is an API
 * error with Twilio's matching 20xxx code; a 21xxx code is a 400 refusal; channel (63xxx) and carrier (30xxx)
 * codes are accepted with 201 and fail afterwards, as those errors only surface in status callbacks.
 */
export function sendFailureOf(chosen: number, to: string): SendFailure {
  if (chosen >= 400 && chosen <= 599) {
    const code = 20000 + chosen;
    return { kind: "refused", refusal: twilioRefusal(chosen, code, MESSAGES[code] ?? `HTTP ${chosen}`) };
  }
  if (chosen >= 30000 && chosen < 40000) {
    return { kind: "later", status: "undelivered", errorCode: chosen, errorMessage: MESSAGES[chosen] ?? "Undelivered" };
  }
  if (chosen >= 60000) {
    return { kind: "later", status: "failed", errorCode: chosen, errorMessage: MESSAGES[chosen] ?? "Failed" };
  }
  const message = chosen === 21211 ? `Invalid 'To' Phone Number: ${to}` : (MESSAGES[chosen] ?? `Error ${chosen}`);
  return { kind: "refused", refusal: twilioRefusal(400, chosen, message) };
}
