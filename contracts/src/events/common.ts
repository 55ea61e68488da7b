import { z } from "zod";

export const uuid = z.uuid();
/** Whether a value from outside (a route param, a form field, a cursor) is a UUID: the one check for all of them. */
export function isUuid(value: unknown): value is string {
  return uuid.safeParse(value).success;
}
export const isoTimestamp = z.iso.datetime({ offset: true });
/** A WhatsApp address as Twilio writes it: `whatsapp:+14155238886`, or `whatsapp:<business-scoped id>`. */
export const whatsappHandle = z.string().regex(/^whatsapp:\S+$/, "expected whatsapp:<number or id>");
export const twilioSid = z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, "expected a Twilio SID");

/** Fields every event carries. */
export const eventBase = {
  version: z.literal(1),
  eventId: uuid,
  orgId: uuid,
  occurredAt: isoTimestamp,
};

/** Twilio's message statuses, inbound and outbound. */
export const messageStatusSchema = z.enum([
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "read",
  "undelivered",
  "failed",
  "canceled",
  "partially_delivered",
  "receiving",
  "received",
]);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/**
 * A message's media item. Inbound events carry Twilio's `url` and `contentType`; the read model
 * adds the media Object Store's copy (`mediaId`, `size`, `name`: an outbound file, or an inbound
 * item once kept, decision 021), and an outbound file has no Twilio URL (`url` is "").
 */
export const mediaItemSchema = z.object({
  url: z.string(),
  contentType: z.string(),
  mediaId: z.string().optional(),
  size: z.number().optional(),
  name: z.string().optional(),
});
export type MediaItem = z.infer<typeof mediaItemSchema>;
