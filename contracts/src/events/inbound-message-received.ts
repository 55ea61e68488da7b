import { z } from "zod";
import { eventBase, isoTimestamp, mediaItemSchema, twilioSid, uuid, whatsappHandle } from "./common.js";

export const inboundMessageReceivedSchema = z.object({
  type: z.literal("InboundMessageReceived"),
  ...eventBase,
  channelId: uuid,
  conversationId: uuid,
  messageSid: twilioSid,
  accountSid: twilioSid,
  /** The customer. */
  from: whatsappHandle,
  /** The freelancer's channel number. */
  to: whatsappHandle,
  waId: z.string().optional(),
  profileName: z.string().optional(),
  body: z.string(),
  media: z.array(mediaItemSchema),
  messageType: z.string().optional(),
  numSegments: z.number().int().nonnegative().optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      address: z.string().optional(),
      label: z.string().optional(),
    })
    .optional(),
  button: z.object({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  /** The row picked in a list message (Twilio's `ListId`, `ListTitle`, `ListDescription`). */
  listReply: z
    .object({ id: z.string().optional(), title: z.string().optional(), description: z.string().optional() })
    .optional(),
  repliedToMessageSid: z.string().optional(),
  /** Who wrote the message replied to (Twilio's `OriginalRepliedMessageSender`). */
  repliedToMessageSender: z.string().optional(),
  /** When the ingress received the webhook; Twilio's own `Timestamp` only where it sent one. */
  receivedAt: isoTimestamp,
  twilioTimestamp: z.string().optional(),
  /**
   * Params Twilio sent that this version does not model (kept, never rejected), and every param
   * sent more than once with all its values (events before message kinds hold strings only).
   */
  extraParams: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});
export type InboundMessageReceived = z.infer<typeof inboundMessageReceivedSchema>;
