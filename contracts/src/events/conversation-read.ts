import { z } from "zod";
import { eventBase, isoTimestamp, uuid } from "./common.js";

export const conversationReadSchema = z.object({
  type: z.literal("ConversationRead"),
  ...eventBase,
  conversationId: uuid,
  readBy: z.string(),
  readAt: isoTimestamp,
});
export type ConversationRead = z.infer<typeof conversationReadSchema>;
