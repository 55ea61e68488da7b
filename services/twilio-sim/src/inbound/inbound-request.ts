import { z } from "zod";

const customerNumber = z
  .string()
  .trim()
  .transform((value) => (value.startsWith("whatsapp:") ? value : `whatsapp:${value}`))
  .pipe(z.string().regex(/^whatsapp:\+[1-9]\d{6,14}$/, "expected a customer number like +14155550100"));

/** A message a customer sends, as scripts (`POST /sim/inbound`), the phone page and tests describe it. */
export const inboundRequestSchema = z.object({
  from: customerNumber,
  /** The business number written to; the simulator's first number when absent. */
  to: customerNumber.optional(),
  profileName: z.string().max(256).optional(),
  body: z.string().max(4096).default(""),
  mediaUrl: z.url().optional(),
  mediaContentType: z.string().optional(),
  /** WhatsApp's id of the customer: the number's digits when absent. */
  waId: z.string().optional(),
  /** Record the message as Twilio would, but lose its webhook (for the reconcile command's tests). */
  drop: z.boolean().default(false),
  /** Further webhook params (`Latitude`, `ButtonPayload`, `OriginalRepliedMessageSid`…), sent as given. */
  extraParams: z.record(z.string(), z.string()).default({}),
});
export type InboundRequest = z.input<typeof inboundRequestSchema>;
export type ParsedInboundRequest = z.output<typeof inboundRequestSchema>;
