/** How a message's delivery reads in the inbox: Twilio's status in four steps, or a failure. */
export type DeliveryStep = "pending" | "sent" | "delivered" | "read" | "failed";

export function deliveryStepOf(status: string): DeliveryStep {
  switch (status) {
    case "read":
      return "read";
    case "delivered":
      return "delivered";
    case "sent":
      return "sent";
    case "failed":
    case "undelivered":
    case "canceled":
      return "failed";
    default:
      return "pending";
  }
}

const REASONS: Record<string, string> = {
  window_closed: "The 24-hour reply window had closed.",
  channel_inactive: "This WhatsApp number is disconnected.",
  channel_unknown: "This WhatsApp number is not connected.",
  retries_exhausted: "Twilio could not be reached, even after retries.",
  outcome_unknown: "Twilio did not confirm whether it was sent.",
};

/** Twilio's reason first (with its code), else ours in words. */
export function failureTextOf(message: {
  errorCode: string | null;
  errorMessage: string | null;
  failureReason: string | null;
}): string {
  const code = message.errorCode ? ` (Twilio error ${message.errorCode})` : "";
  if (message.errorMessage) return `${message.errorMessage}${code}`;
  if (message.failureReason && REASONS[message.failureReason]) return `${REASONS[message.failureReason]}${code}`;
  return `Not delivered${code}.`;
}
