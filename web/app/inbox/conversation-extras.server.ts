import { CONTACT_DETAIL_LIMITS, MAX_NOTE_LENGTH } from "@cloudpa/contracts";
import { contactCard, conversationNotes, type SqlQueryable } from "@cloudpa/read-model";

/**
 * What the conversation view shows beside the messages (issue 15), read in the page's snapshot:
 * the private notes (each marked whether the user wrote it, who alone may change it) and the
 * contact's card with every conversation they have with the org. The limits come as data: the
 * page's forms state them without loading contracts.
 */
export async function conversationExtras(
  db: SqlQueryable,
  input: { orgId: string; userId: string; conversationId: string; schema: string },
) {
  const notes = await conversationNotes(db, input);
  const contact = await contactCard(db, input);
  return {
    notes: notes.map(({ authorId, ...note }) => ({ ...note, mine: authorId === input.userId })),
    contact: contact ?? null,
    limits: { note: MAX_NOTE_LENGTH, contact: CONTACT_DETAIL_LIMITS },
  };
}
