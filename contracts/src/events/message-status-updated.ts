import { z } from "zod";
import { eventBase, isoTimestamp, messageStatusSchema, twilioSid, uuid, whatsappHandle } from "./common.js";

export const messageStatusUpdatedSchema = z.object({
  type: z.literal("MessageStatusUpdated"),
  ...eventBase,
  channelId: uuid,
  conversationId: uuid,
  messageSid: twilioSid,
  status: messageStatusSchema,
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  from: whatsappHandle,
  to: whatsappHandle,
  reportedAt: isoTimestamp,
  extraParams: z.record(z.string(), z.string()),
});
export type MessageStatusUpdated = z.infer<typeof messageStatusUpdatedSchema>;
