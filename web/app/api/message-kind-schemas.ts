// A message's kind and the fields of its kind in the JSON API (decision 023), one zod shape that
// messageSchema spreads, so the OpenAPI document describes exactly what apiMessageOf gives.
import { AUTO_REPLY_KINDS, messageKindSchema, messageLocationSchema } from "@cloudpa/contracts";
import { z } from "zod";

const quotedSchema = z
  .object({
    messageSid: z.string(),
    id: z.uuid().nullable().meta({ description: "The quoted message's id; null when the inbox does not hold it" }),
    direction: z.enum(["inbound", "outbound"]).nullable(),
    kind: messageKindSchema.nullable(),
    text: z.string().nullable().meta({ description: "The quoted message's text, or what it is (📍 Location…)" }),
  })
  .meta({ description: "The earlier message this one quotes (WhatsApp's reply)" });

export const messageKindFields = {
  kind: messageKindSchema.meta({ description: "What the message is; the field of the same name holds its details" }),
  location: messageLocationSchema.optional().meta({ description: "kind location: the shared place" }),
  contacts: z
    .object({
      mediaIndexes: z.array(z.number().int().nonnegative()),
    })
    .optional()
    .meta({ description: "kind contacts: which media items hold the shared vCards" }),
  interactive: z
    .object({
      type: z.enum(["button", "list"]),
      text: z.string().optional(),
      payload: z.string().optional(),
      description: z.string().optional(),
    })
    .optional()
    .meta({ description: "kind interactive: the button or list row the customer tapped" }),
  reaction: z
    .object({ emoji: z.string(), messageSid: z.string() })
    .optional()
    .meta({ description: "kind reaction: a reaction to a message the inbox does not hold" }),
  sticker: z.boolean().optional().meta({ description: "kind media: the image is a WhatsApp sticker" }),
  template: z
    .object({ contentSid: z.string(), variables: z.record(z.string(), z.string()) })
    .optional()
    .meta({
      description:
        "kind template: the Content SID sent (or tried, when status is failed) and its variables (the body is the rendered text)",
    }),
  unsupported: z
    .object({ type: z.string() })
    .optional()
    .meta({ description: "kind unsupported: the MessageType Twilio gave it" }),
  replyTo: quotedSchema.nullable(),
  customerReaction: z
    .string()
    .nullable()
    .meta({ description: "The emoji the customer reacted to this message with, if any" }),
  automatic: z.enum(AUTO_REPLY_KINDS).nullable().meta({
    description:
      "Sent automatically: the away message or the greeting (Settings › Working hours); null for a customer's message or a reply someone sent",
  }),
};
