import { CONTACT_DETAIL_LIMITS, MAX_NOTE_LENGTH } from "@cloudpa/contracts";
import type { ConversationView } from "@cloudpa/read-model";

/**
 * What the conversation view shows beside the messages (issue 15), as read with its page
 * (conversationView): the private notes (each marked whether the user wrote it, who alone may
 * change it) and the contact's card with every conversation they have with the org. The limits
 * come as data: the page's forms state them without loading contracts.
 */
export function conversationExtras(view: Pick<ConversationView, "notes" | "contact">, userId: string) {
  return {
    notes: view.notes.map(({ authorId, ...note }) => ({ ...note, mine: authorId === userId })),
    contact: view.contact ?? null,
    limits: { note: MAX_NOTE_LENGTH, contact: CONTACT_DETAIL_LIMITS },
  };
}
