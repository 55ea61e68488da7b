import { z } from "zod";
import { storedMediaSchema } from "../media/stored-media.js";
import { eventBase, isoTimestamp, twilioSid, uuid } from "./common.js";

/**
 * A customer's media kept: each item of an inbound message, copied from Twilio (with the
 * channel's credentials, from Twilio's hosts only) into the media Object Store, so the inbox
 * shows it after Twilio deletes its copy and never fetches it per page view (decision 021).
 * Appended by the outbound's media keeper once every item of the message is stored.
 */
export const inboundMediaStoredSchema = z.object({
  type: z.literal("InboundMediaStored"),
  ...eventBase,
  channelId: uuid,
  conversationId: uuid,
  messageSid: twilioSid,
  /** Each kept item: its place among the message's media, and the stored copy. */
  items: z.array(storedMediaSchema.extend({ index: z.number().int().min(0).max(9) })).min(1),
  storedAt: isoTimestamp,
});
export type InboundMediaStored = z.infer<typeof inboundMediaStoredSchema>;
