import { z } from "zod";
import { isoTimestamp, uuid, whatsappHandle } from "../events/common.js";
import { sendMediaListSchema } from "../media/stored-media.js";
import { templateSendSchema } from "../templates/template-send.js";

/**
 * The longest reply: Twilio's Messages API takes a `Body` of at most 1,600 characters and
 * refuses a longer one with error 21617, although WhatsApp itself would carry 4,096. The
 * composer, the API, this schema and the simulator all use this one constant.
 */
export const MAX_REPLY_LENGTH = 1600;

/**
 * A reply's length as counted against `MAX_REPLY_LENGTH`: UTF-16 code units, as a textarea and
 * the simulator count, so an emoji counts two (Twilio counts such characters as more than one).
 * zod's own `max` counts code points, which would let a reply through that Twilio refuses.
 */
export function replyLengthOf(text: string): number {
  return text.length;
}

/**
 * What a reader is told when a reply is longer than `MAX_REPLY_LENGTH` ("1,600"). The thousands
 * are grouped by hand, not with `toLocaleString`: Intl at this module's load paged ICU's data and
 * code into every process importing the contracts, about 5 MB of the node binary's pages plus its
 * allocations, 7 MB of RSS in all (bench/results/2026-12-03-rebuild-rss-round6.txt).
 */
export const REPLY_TOO_LONG_MESSAGE = `A reply holds at most ${String(MAX_REPLY_LENGTH).replace(/\B(?=(\d{3})+$)/g, ",")} characters (Twilio's limit)`;

/**
 * A reply's text, wherever one comes in (the command, the API's body, the composer's form): trimmed,
 * not empty, at most `MAX_REPLY_LENGTH` UTF-16 units. The limit is a refinement (see
 * `replyLengthOf`), so it is also stated as `maxLength` for the JSON Schema and the forms that
 * derive their constraints from this schema.
 */
export const replyTextSchema = z
  .string()
  .trim()
  .min(1, "a reply needs text")
  .refine((text) => replyLengthOf(text) <= MAX_REPLY_LENGTH, REPLY_TOO_LONG_MESSAGE)
  .meta({
    maxLength: MAX_REPLY_LENGTH,
    description: "Counted in UTF-16 code units, as JavaScript counts: an emoji is two",
  });

export const sendReplySchema = z
  .object({
    type: z.literal("SendReply"),
    version: z.literal(1),
    /** Chosen by the client, so a retried or double-clicked send is one command. */
    commandId: uuid,
    orgId: uuid,
    conversationId: uuid,
    /**
     * What the customer reads: the reply, or with `template` the template's text rendered with
     * its variables (`renderTemplate`), so the outcome events and the inbox show what was read.
     */
    text: replyTextSchema.or(z.literal("")),
    /**
     * Files from the media Object Store, sent as Twilio MediaUrls (decision 021); `text` is then
     * their caption and may be empty (""), the only case it may be.
     */
    media: sendMediaListSchema.optional(),
    /**
     * Sent as an approved WhatsApp template (Twilio's ContentSid + ContentVariables) instead of
     * free text; allowed when the 24-hour window is closed. Absent on every older command.
     */
    template: templateSendSchema.optional(),
    /**
     * Who a conversation's first message goes to and from which number, when the customer has
     * never written (a new conversation, template only): the outbound cannot learn it from the
     * conversation's events. The conversationId must be `conversationIdFor(channelId, to)`.
     */
    recipient: z.object({ channelId: uuid, from: whatsappHandle, to: whatsappHandle }).optional(),
    requestedBy: z.string(),
    requestedAt: isoTimestamp,
  })
  .refine((command) => command.text !== "" || command.media !== undefined, {
    message: "a reply needs text",
    path: ["text"],
  });
export type SendReply = z.infer<typeof sendReplySchema>;

export const cloudpaCommandSchema = z.discriminatedUnion("type", [sendReplySchema]);
export type CloudpaCommand = z.infer<typeof cloudpaCommandSchema>;
