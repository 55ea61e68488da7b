import { z } from "zod";
import { messageStatusSchema, twilioSid, whatsappHandle } from "../events/common.js";

/** Twilio's message status callback. Unknown params are kept. */
export const twilioStatusCallbackSchema = z.looseObject({
  MessageSid: twilioSid,
  MessageStatus: messageStatusSchema,
  AccountSid: twilioSid,
  From: whatsappHandle,
  To: whatsappHandle,
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
  EventType: z.string().optional(),
  ChannelToAddress: z.string().optional(),
  ApiVersion: z.string().optional(),
});
export type TwilioStatusCallback = z.infer<typeof twilioStatusCallbackSchema>;

const MODELLED = new Set(["MessageSid", "MessageStatus", "AccountSid", "From", "To", "ErrorCode", "ErrorMessage"]);

export function statusExtraParamsOf(params: Record<string, unknown>): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!MODELLED.has(name) && typeof value === "string") extra[name] = value;
  }
  return extra;
}
