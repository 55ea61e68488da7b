import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * The customer's number as the freelancer typed it, as `whatsapp:+<E.164>`: international ("+44
 * 7700 900123", "0044 …") or national ("07700 900123"), which is read in the country of the number
 * it is sent from, as a phone reads its contacts. Undefined when it cannot be a phone number there.
 */
export function customerHandleOf(typed: string, sendingNumber: string): string | undefined {
  const from = parsePhoneNumberFromString(sendingNumber.replace(/^whatsapp:/, ""));
  // A number in a range no country assigns (the fictional +44 7700 900xxx) has a calling code but no country.
  const home = from?.country ? { defaultCountry: from.country } : { defaultCallingCode: from?.countryCallingCode };
  const parsed = parsePhoneNumberFromString(typed.trim().replace(/^whatsapp:/, ""), home);
  return parsed?.isPossible() ? `whatsapp:${parsed.number}` : undefined;
}
