import { z } from "zod";
import type { InboundMessageReceived } from "./inbound-message-received.js";

/** What a message is, as the inbox and the API show it. */
export const MESSAGE_KINDS = [
  "text",
  "media",
  "template",
  "location",
  "contacts",
  "interactive",
  "reaction",
  "unsupported",
] as const;
export const messageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const messageLocationSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  address: z.string().optional(),
  label: z.string().optional(),
});

/** The fields of a message's kind (the read model's `details`); each present only for its kind. */
export const messageDetailsSchema = z.object({
  location: messageLocationSchema.optional(),
  /** Shared contacts: the media items (by index) that hold the vCards; fetched and parsed when shown. */
  contacts: z.object({ mediaIndexes: z.array(z.number().int().nonnegative()) }).optional(),
  /** A quick-reply button or a list row the customer tapped. */
  interactive: z
    .object({
      type: z.enum(["button", "list"]),
      text: z.string().optional(),
      payload: z.string().optional(),
      description: z.string().optional(),
    })
    .optional(),
  /** A reaction that found no message to attach to (its target is `replyToSid`). */
  reaction: z.object({ emoji: z.string() }).optional(),
  /** A media message that is a WhatsApp sticker. */
  sticker: z.literal(true).optional(),
  /** An outbound template: its Content SID and the variables it was sent with (the body is its rendered text). */
  template: z.object({ contentSid: z.string(), variables: z.record(z.string(), z.string()) }).optional(),
  /** What Twilio called a message this version does not model (its `MessageType`). */
  unsupported: z.object({ type: z.string() }).optional(),
});
export type MessageDetails = z.infer<typeof messageDetailsSchema>;

/** Content types a shared contact arrives as. */
const VCARD_TYPES = /^text\/(x-)?vcard\b/i;

/** The WhatsApp MessageTypes this version shows as what they are; any other is "unsupported". */
const KNOWN_TYPES = new Set([
  "text",
  "image",
  "video",
  "audio",
  "voice",
  "document",
  "file",
  "sticker",
  "location",
  "contacts",
  "contact",
  "button",
  "interactive",
  "reaction",
]);

/**
 * The kind of an inbound message and its fields, from the event alone (pure, so a rebuild gives
 * the same). Events from before message kinds carry no `listReply` or `repliedToMessageSender`
 * and are classified from what they have.
 */
export function inboundKindOf(event: InboundMessageReceived): { kind: MessageKind; details: MessageDetails | null } {
  const type = event.messageType?.toLowerCase();
  if (type === "reaction" && event.repliedToMessageSid) {
    return { kind: "reaction", details: { reaction: { emoji: event.body } } };
  }
  if (event.location) return { kind: "location", details: { location: event.location } };
  const vcards = event.media.flatMap((item, index) => (VCARD_TYPES.test(item.contentType) ? [index] : []));
  if (vcards.length > 0 || type === "contacts" || type === "contact") {
    return { kind: "contacts", details: { contacts: { mediaIndexes: vcards } } };
  }
  if (event.listReply) {
    const { id, title, description } = event.listReply;
    return {
      kind: "interactive",
      details: {
        interactive: {
          type: "list",
          ...(title !== undefined ? { text: title } : {}),
          ...(id !== undefined ? { payload: id } : {}),
          ...(description !== undefined ? { description } : {}),
        },
      },
    };
  }
  if (event.button) {
    const { text, payload } = event.button;
    return {
      kind: "interactive",
      details: {
        interactive: {
          type: "button",
          ...(text !== undefined ? { text } : {}),
          ...(payload !== undefined ? { payload } : {}),
        },
      },
    };
  }
  if (type !== undefined && !KNOWN_TYPES.has(type)) {
    return { kind: "unsupported", details: { unsupported: { type: event.messageType ?? type } } };
  }
  if (event.media.length > 0) {
    return { kind: "media", details: type === "sticker" ? { sticker: true } : null };
  }
  if (event.body.trim() !== "") return { kind: "text", details: null };
  // Nothing this version can show: kept as unsupported, with the type Twilio gave it.
  return { kind: "unsupported", details: { unsupported: { type: event.messageType ?? "unknown" } } };
}
