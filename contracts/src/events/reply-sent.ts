import { z } from "zod";
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
  body: z.string(),
  requestedBy: z.string(),
  sentAt: isoTimestamp,
});
export type ReplySent = z.infer<typeof replySentSchema>;
