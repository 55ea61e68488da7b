import type { ContactDetailsUpdated } from "@cloudpa/contracts";
import type { ContactRecord, ProjectionResult, RowChange, RowLookup } from "./rows.js";
import { unchanged } from "./rows.js";

/** The name the inbox shows for a contact: the one the freelancer gave, else their WhatsApp profile name, else their number. */
export function displayNameOf(contact: Pick<ContactRecord, "name" | "profileName" | "handle">): string {
  return contact.name ?? contact.profileName ?? contact.handle;
}

/**
 * The contact's details as the freelancer set them (issue 15): their row takes the four details,
 * and each of their conversations the event names (of the same org and contact) takes the name the
 * inbox lists. Edited from a conversation of another org or contact, it changes nothing.
 */
export function projectContactDetailsUpdated(rows: RowLookup, event: ContactDetailsUpdated): ProjectionResult {
  const contact = rows.contact(event.contactId);
  const from = rows.conversation(event.conversationId);
  if (!contact || contact.orgId !== event.orgId) return unchanged;
  if (!from || from.orgId !== event.orgId || from.contactId !== contact.id) return unchanged;
  const { name, email, company, notes } = event.details;
  const next: ContactRecord = { ...contact, name, email, company, notes };
  const changes: RowChange[] = [{ table: "contact", row: next }];
  const displayName = displayNameOf(next);
  for (const id of new Set([event.conversationId, ...event.conversationIds])) {
    const conversation = rows.conversation(id);
    if (!conversation || conversation.orgId !== event.orgId || conversation.contactId !== contact.id) continue;
    if (conversation.contactDisplayName !== displayName)
      changes.push({ table: "conversation", row: { ...conversation, contactDisplayName: displayName } });
  }
  return { changes };
}
