import { z } from "zod";
import { storedMediaSchema } from "../media/stored-media.js";
import { templateSendSchema } from "../templates/template-send.js";
import { eventBase, isoTimestamp, messageStatusSchema, twilioSid, uuid, whatsappHandle } from "./common.js";

export const replySentSchema = z.object({
  type: z.literal("ReplySent"),
  ...eventBase,
  channelId: uuid,
  conversationId: uuid,
  commandId: uuid,
  messageSid: twilioSid,
  status: messageStatusSchema,
  from: whatsappHandle,
  to: whatsappHandle,
  /** What the customer reads: the text, or the template rendered with its variables. */
  body: z.string(),
  /** The template sent (its sid and variables), when the reply was one. */
  template: templateSendSchema.optional(),
  /** The files sent with it, from the media Object Store (absent on replies without media). */
  media: z.array(storedMediaSchema).optional(),
  requestedBy: z.string(),
  sentAt: isoTimestamp,
});
export type ReplySent = z.infer<typeof replySentSchema>;
