import { z } from "zod";
import { isoTimestamp, uuid } from "../events/common.js";

/** WhatsApp's own limit on a text message body. */
export const MAX_REPLY_LENGTH = 4096;

export const sendReplySchema = z.object({
  type: z.literal("SendReply"),
  version: z.literal(1),
  /** Chosen by the client, so a retried or double-clicked send is one command. */
  commandId: uuid,
  orgId: uuid,
  conversationId: uuid,
  text: z.string().trim().min(1, "a reply needs text").max(MAX_REPLY_LENGTH),
  requestedBy: z.string(),
  requestedAt: isoTimestamp,
});
export type SendReply = z.infer<typeof sendReplySchema>;

export const cloudpaCommandSchema = z.discriminatedUnion("type", [sendReplySchema]);
export type CloudpaCommand = z.infer<typeof cloudpaCommandSchema>;
