import { randomUUID } from "node:crypto";
import {
  CONTACT_DETAIL_LIMITS,
  type ContactDetails,
  type ContactDetailsUpdated,
  contactDetailsSchema,
} from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import { contactOfOrg } from "#app/erasure/contact-of-org.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/**
 * The contact's details as a form or the API sends them (issue 15): name, email, company and
 * notes, each replaced (left out, null or blank clears it), each within `CONTACT_DETAIL_LIMITS`.
 */
export const contactDetailsBodySchema = z.strictObject({
  name: contactDetailsSchema.shape.name.optional().meta({
    description: `At most ${CONTACT_DETAIL_LIMITS.name} characters; shown instead of the WhatsApp profile name`,
  }),
  email: contactDetailsSchema.shape.email
    .optional()
    .meta({ description: `An email address, at most ${CONTACT_DETAIL_LIMITS.email} characters` }),
  company: contactDetailsSchema.shape.company
    .optional()
    .meta({ description: `At most ${CONTACT_DETAIL_LIMITS.company} characters` }),
  notes: contactDetailsSchema.shape.notes
    .optional()
    .meta({ description: `At most ${CONTACT_DETAIL_LIMITS.notes} characters` }),
});

/** A detail as kept: trimmed, and a blank one cleared. */
const kept = (value: string | null | undefined) => {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
};

/** The details a parsed body sets: every one of the four, a missing or blank one cleared. */
export function detailsOf(body: z.infer<typeof contactDetailsBodySchema>): ContactDetails {
  return { name: kept(body.name), email: kept(body.email), company: kept(body.company), notes: kept(body.notes) };
}

export type ContactDetailsOutcome = { kind: "not_found" } | { kind: "accepted"; eventId: string; contactId: string };

/**
 * Sets a contact's details (issue 15) by appending `ContactDetailsUpdated`, signed by the web, on
 * the subject of one of the contact's conversations (the one it was edited from, else their
 * first), so erasing the contact erases it (docs/decisions/010); it names every conversation of
 * the contact, whose list name follows. Another org's contact is not found.
 */
export async function updateContactDetails(
  web: WebContext,
  account: Account,
  contactId: string,
  details: ContactDetails,
  fromConversationId?: string,
  now: Date = new Date(),
): Promise<ContactDetailsOutcome> {
  const contact = await contactOfOrg(web, account.orgId, contactId);
  if (!contact) return { kind: "not_found" };
  const conversationId =
    fromConversationId && contact.conversationIds.includes(fromConversationId)
      ? fromConversationId
      : contact.conversationIds[0];
  if (!conversationId) return { kind: "not_found" };
  const event: ContactDetailsUpdated = {
    type: "ContactDetailsUpdated",
    version: 1,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    conversationId,
    contactId: contact.id,
    conversationIds: contact.conversationIds,
    details,
    by: account.userId,
    at: now.toISOString(),
  };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  return { kind: "accepted", eventId: event.eventId, contactId: contact.id };
}
