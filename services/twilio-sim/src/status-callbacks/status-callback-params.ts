import { createHash } from "node:crypto";
import { type TwilioStatusCallback, twilioStatusCallbackSchema } from "@cloudpa/contracts";
import type { SimMessage } from "../sim-state.js";
import type { MessageLifecycleStatus } from "./status-plan.js";

/** A WhatsApp sender's channel install: Twilio names it with an `XE` SID that stays the same per sender. */
function channelInstallSidOf(from: string): string {
  return `XE${createHash("sha256").update(from).digest("hex").slice(0, 32)}`;
}

const EVENT_TYPES: Partial<Record<MessageLifecycleStatus, string>> = { delivered: "DELIVERED", read: "READ" };

/** The form params of one status callback, as Twilio sends them for a WhatsApp (or SMS) message. */
export function statusCallbackParams(
  message: SimMessage,
  status: MessageLifecycleStatus,
  errorCode: number | undefined,
): Record<string, string> {
  const params: Record<string, string> = {
    ApiVersion: "2010-04-01",
    AccountSid: message.accountSid,
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: status,
    SmsStatus: status,
    From: message.from,
    To: message.to,
  };
  if (message.to.startsWith("whatsapp:")) {
    params.ChannelPrefix = "whatsapp";
    params.ChannelInstallSid = channelInstallSidOf(message.from);
    params.ChannelToAddress = message.to.slice("whatsapp:".length);
    params.StructuredMessage = "false";
    const eventType = EVENT_TYPES[status];
    if (eventType) params.EventType = eventType;
  }
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if ((status === "failed" || status === "undelivered") && errorCode !== undefined) {
    params.ErrorCode = String(errorCode);
  }
  // Cloud PA's schema describes WhatsApp callbacks; SMS ones (which the simulator also plays) go unchecked.
  if (!message.to.startsWith("whatsapp:")) return params;
  const checked: TwilioStatusCallback = twilioStatusCallbackSchema.parse(params);
  return checked as Record<string, string>;
}
