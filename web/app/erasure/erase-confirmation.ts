import { z } from "zod";
import { shownHandle } from "#app/inbox/shown-handle.ts";

/** What confirms an erasure, on the page's form and in the API's body alike: the contact's number, as typed. */
export const eraseConfirmationSchema = z.object({
  confirm: z.string().max(100).meta({ description: "The contact's number, to confirm" }),
});

/**
 * Whether what the user typed names the contact's number: the same digits, however written
 * (`+44 7700 900123`, `447700900123`, `whatsapp:+447700900123`). A handle without digits (a
 * WhatsApp id) must be typed as it is shown.
 */
export function confirmsHandle(typed: string, handle: string): boolean {
  const shown = shownHandle(handle);
  const digits = (text: string) => text.replace(/\D/g, "");
  if (digits(shown).length === 0) return typed.trim() === shown;
  return digits(typed) === digits(shown) && /^[\s+()\-.\d]*$/.test(shownHandle(typed));
}
