import { z } from "zod";

const customerNumber = z
  .string()
  .trim()
  .transform((value) => (value.startsWith("whatsapp:") ? value : `whatsapp:${value}`))
  .pipe(z.string().regex(/^whatsapp:\+[1-9]\d{6,14}$/, "expected a customer number like +14155550100"));

/** A file the customer's phone attaches (the phone page reads it from disk), sent as base64. */
export const uploadedMediaSchema = z.object({
  contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, "expected a content type like image/jpeg"),
  dataBase64: z.base64(),
  filename: z.string().max(256).optional(),
});

/** What a customer's WhatsApp can send besides text and files, each as Twilio's webhook carries it. */
const kindsSchema = {
  /** A shared location: Latitude, Longitude, Address, Label; MessageType location. */
  location: z
    .object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      address: z.string().max(1024).optional(),
      label: z.string().max(1024).optional(),
    })
    .optional(),
  /** A shared contact card: a vCard media item (text/vcard); MessageType contacts. */
  contact: z
    .object({ name: z.string().min(1).max(256), phones: z.array(z.string().min(3).max(32)).min(1).max(5) })
    .optional(),
  /**
   * A tap on a button: ButtonText and ButtonPayload; MessageType `button` (a template's quick reply)
   * or `interactive` (a session message's reply button).
   */
  button: z
    .object({
      text: z.string().min(1).max(256),
      payload: z.string().max(1024).optional(),
      messageType: z.enum(["button", "interactive"]).default("button"),
    })
    .optional(),
  /** A reply quoting an earlier message: OriginalRepliedMessageSid and OriginalRepliedMessageSender. */
  replyTo: z
    .string()
    .regex(/^(SM|MM)[0-9a-fA-F]{32}$/)
    .optional(),
  /** A sticker: one image/webp media item (a built-in one when no data is given); MessageType sticker. */
  sticker: z.object({ dataBase64: z.base64().optional() }).optional(),
};

/** A message a customer sends, as scripts (`POST /sim/inbound`), the phone page and tests describe it. */
export const inboundRequestSchema = z.object({
  from: customerNumber,
  /** The business number written to; the simulator's first number when absent. */
  to: customerNumber.optional(),
  profileName: z.string().max(256).optional(),
  body: z.string().max(4096).default(""),
  /** Media somewhere on the web, passed through as MediaUrl0 (the simulator does not fetch it). */
  mediaUrl: z.url().optional(),
  mediaContentType: z.string().optional(),
  /** Files the customer attaches: Twilio keeps them, and the webhook points at its Media URLs. */
  media: z.array(uploadedMediaSchema).max(10).default([]),
  ...kindsSchema,
  /** WhatsApp's id of the customer: the number's digits when absent. */
  waId: z.string().optional(),
  /** Record the message as Twilio would, but lose its webhook (for the reconcile command's tests). */
  drop: z.boolean().default(false),
  /** Further webhook params (`Latitude`, `ButtonPayload`, `OriginalRepliedMessageSid`…), sent as given. */
  extraParams: z.record(z.string(), z.string()).default({}),
});
export type InboundRequest = z.input<typeof inboundRequestSchema>;
export type ParsedInboundRequest = z.output<typeof inboundRequestSchema>;
