import { z } from "zod";
import { eventBase, twilioSid, uuid } from "./common.js";

export const e164WhatsappHandle = z.string().regex(/^whatsapp:\+[1-9]\d{6,14}$/, "expected whatsapp:+<E.164 number>");

/** A channel was connected. The auth token never travels in an event: it lives sealed in the KV registry. */
export const channelConnectedSchema = z.object({
  type: z.literal("ChannelConnected"),
  ...eventBase,
  channelId: uuid,
  provider: z.literal("twilio_whatsapp"),
  externalPhoneId: e164WhatsappHandle,
  accountSid: twilioSid,
  displayName: z.string().optional(),
  connectedBy: z.string(),
});
export type ChannelConnected = z.infer<typeof channelConnectedSchema>;
