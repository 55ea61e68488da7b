import { z } from "zod";
import { e164WhatsappHandle } from "../events/channel-connected.js";
import { isoTimestamp, twilioSid, uuid } from "../events/common.js";

/** A channel as stored in the KV registry `<ns>-channels`. The auth token is sealed (see credentials.ts). */
export const channelRecordSchema = z.object({
  channelId: uuid,
  orgId: uuid,
  provider: z.literal("twilio_whatsapp"),
  externalPhoneId: e164WhatsappHandle,
  accountSid: twilioSid,
  authTokenSealed: z.string(),
  isActive: z.boolean(),
  updatedAt: isoTimestamp,
  /**
   * Set on the env channel, which the web registers at start from TWILIO_* (docs/decisions), so it
   * can tell that channel from one a freelancer connected, and retire it when the env stops naming it.
   */
  configuredBy: z.literal("environment").optional(),
});
export type ChannelRecord = z.infer<typeof channelRecordSchema>;

/** KV key of a number: `twilio_whatsapp.<E.164 digits>`. */
export function channelKeyOf(externalPhoneId: string): string {
  return `twilio_whatsapp.${externalPhoneId.replace(/\D/g, "")}`;
}
