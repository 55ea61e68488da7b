import { z } from "zod";

/**
 * Twilio's WhatsApp sandbox number. It is shared by every Twilio account and owned by none, so it
 * never appears in an account's IncomingPhoneNumbers: who may connect it is decided without that list.
 */
export const TWILIO_WHATSAPP_SANDBOX = "whatsapp:+14155238886";

/** One IncomingPhoneNumber resource (api v2010), as far as Cloud PA reads it. */
export const twilioIncomingPhoneNumberSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.string(),
  /** E.164, without the `whatsapp:` prefix. */
  phone_number: z.string(),
});
export type TwilioIncomingPhoneNumber = z.infer<typeof twilioIncomingPhoneNumberSchema>;

/** A page of `GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json` (filter `PhoneNumber`). */
export const twilioIncomingPhoneNumbersPageSchema = z.looseObject({
  incoming_phone_numbers: z.array(twilioIncomingPhoneNumberSchema),
  page: z.number(),
  page_size: z.number(),
  uri: z.string(),
  next_page_uri: z.string().nullable(),
});
export type TwilioIncomingPhoneNumbersPage = z.infer<typeof twilioIncomingPhoneNumbersPageSchema>;

/** The path of an account's incoming numbers, the one Twilio and the simulator both serve. */
export function incomingPhoneNumbersPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/IncomingPhoneNumbers.json`;
}
