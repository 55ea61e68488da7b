import { z } from "zod";
import { storedMediaSchema } from "../media/stored-media.js";
import { templateSendSchema } from "../templates/template-send.js";
import { eventBase, isoTimestamp, uuid, whatsappHandle } from "./common.js";

/** Why a reply was not sent, in words the inbox shows. */
export const replyFailureReasonSchema = z.enum([
  "window_closed",
  "channel_inactive",
  "channel_unknown",
  "twilio_error",
  "retries_exhausted",
  "outcome_unknown",
]);
export type ReplyFailureReason = z.infer<typeof replyFailureReasonSchema>;

export const replyFailedSchema = z.object({
  type: z.literal("ReplyFailed"),
  ...eventBase,
  conversationId: uuid,
  channelId: uuid.optional(),
  /**
   * The channel's number and the customer, as ReplySent names them, when the reply reached Twilio
   * or the org's number was disconnected (absent on older events and on the other refusals before
   * Twilio): a refused first template to a new number still makes its conversation.
   */
  from: whatsappHandle.optional(),
  to: whatsappHandle.optional(),
  commandId: uuid,
  reason: replyFailureReasonSchema,
  /** Twilio's error code where Twilio gave one (e.g. 63016, 21211). */
  errorCode: z.string().optional(),
  errorMessage: z.string(),
  /** What the customer would have read: the text, or the template rendered with its variables. */
  body: z.string(),
  /**
   * The template the reply was (its sid and variables), as ReplySent records it, so a refused
   * template shows as one; absent on replies that were not templates and on events from before.
   */
  template: templateSendSchema.optional(),
  /** The files the reply would have sent (absent on replies without media). */
  media: z.array(storedMediaSchema).optional(),
  requestedBy: z.string(),
  failedAt: isoTimestamp,
});
export type ReplyFailed = z.infer<typeof replyFailedSchema>;
