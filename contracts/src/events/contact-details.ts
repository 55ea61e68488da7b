import { z } from "zod";
import { eventBase, isoTimestamp, uuid } from "./common.js";

/** The longest of each contact detail, in characters (issue 15). */
export const CONTACT_DETAIL_LIMITS = { name: 200, email: 254, company: 200, notes: 4000 } as const;
export type ContactDetailField = keyof typeof CONTACT_DETAIL_LIMITS;

const detail = (field: ContactDetailField) =>
  z
    .string()
    .max(CONTACT_DETAIL_LIMITS[field], `${field} is at most ${CONTACT_DETAIL_LIMITS[field]} characters`)
    .refine((text) => !text.includes("\u0000"), `${field} cannot contain a NUL character`)
    .nullable();

/**
 * What the freelancer knows of a contact, each detail trimmed text or null when cleared: the name
 * they call them (shown instead of the WhatsApp profile name), an email, a company, free notes.
 */
export const contactDetailsSchema = z.object({
  name: detail("name"),
  email: z
    .email("email is not an email address")
    .max(CONTACT_DETAIL_LIMITS.email, `email is at most ${CONTACT_DETAIL_LIMITS.email} characters`)
    .nullable(),
  company: detail("company"),
  notes: detail("notes"),
});
export type ContactDetails = z.infer<typeof contactDetailsSchema>;

/**
 * The contact's details as the freelancer set them (issue 15), all four at once (the whole form).
 * On the subject of the conversation they were edited from (one of the contact's), so erasing the
 * contact erases these events with their messages (docs/decisions/010). `conversationIds` are every
 * conversation of the contact the web knew, whose list name follows the new name.
 */
export const contactDetailsUpdatedSchema = z.object({
  type: z.literal("ContactDetailsUpdated"),
  ...eventBase,
  conversationId: uuid,
  contactId: uuid,
  conversationIds: z.array(uuid),
  details: contactDetailsSchema,
  by: z.string(),
  at: isoTimestamp,
});
export type ContactDetailsUpdated = z.infer<typeof contactDetailsUpdatedSchema>;
