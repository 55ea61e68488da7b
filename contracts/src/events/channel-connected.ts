import { z } from "zod";
import { eventBase, twilioSid, uuid } from "./common.js";

/** An E.164 number: "+", a country code (no leading 0), 7 to 15 digits in all. */
const E164 = String.raw`\+[1-9]\d{6,14}`;
/** A phone number as E.164, the one pattern for every number a user types or an event carries. */
export const E164_NUMBER = new RegExp(`^${E164}$`);

export const e164WhatsappHandle = z
  .string()
  .regex(new RegExp(`^whatsapp:${E164}$`), "expected whatsapp:+<E.164 number>");

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
