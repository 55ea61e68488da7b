import { z } from "zod";
import type { CloudpaNames } from "../names.js";
import { eventBase, isoTimestamp, uuid } from "./common.js";

/**
 * A contact's personal data was erased (docs/decisions/010): their conversations' events were
 * deleted from the events stream, their replies from the commands stream, the outbound's records
 * of those replies from its buckets. The record itself holds no personal data: ids and counts only
 * (the ids are pseudonyms, derived from the number; see the decision for what that still allows).
 * The projector deletes every row of the contact and of these conversations.
 */
export const contactErasedSchema = z.object({
  type: z.literal("ContactErased"),
  ...eventBase,
  contactId: uuid,
  /** Every conversation of the contact (one per channel) whose events were erased. */
  conversationIds: z.array(uuid),
  erasedAt: isoTimestamp,
  /** The user (or API token's user) who asked for it. */
  requestedBy: z.string(),
  /** What was erased where: messages of the events stream, of the commands stream, KV entries. */
  erased: z.object({
    events: z.number().int().nonnegative(),
    commands: z.number().int().nonnegative(),
    outboundRecords: z.number().int().nonnegative(),
  }),
});
export type ContactErased = z.infer<typeof contactErasedSchema>;

/** The last token of its subject. */
export const CONTACT_ERASED_KIND = "contact_erased";

/**
 * `<ns>.evt.p<k>.<orgId>.contact.<contactId>.contact_erased` (docs/decisions/019): beside the
 * conversations' subjects, never under them, so erasing a conversation's subjects again can never
 * erase the record of an erasure.
 */
export function contactErasedSubject(names: CloudpaNames, orgId: string, contactId: string): string {
  return `${names.orgEventsRoot(orgId)}.contact.${contactId}.${CONTACT_ERASED_KIND}`;
}
