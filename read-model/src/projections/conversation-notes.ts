import type { ConversationNoteEvent } from "@cloudpa/contracts";
import type { ConversationNoteRecord, ProjectionResult, RowLookup } from "./rows.js";
import { unchanged } from "./rows.js";

/**
 * Private notes (issue 15): a note is added to a conversation of its own org, and only its author
 * edits or deletes it; a deleted note keeps its row with its text emptied, so nothing brings it
 * back. Anything else (another org's conversation or note, another author, a note already there
 * or already deleted) changes nothing.
 */
export function projectConversationNote(rows: RowLookup, event: ConversationNoteEvent): ProjectionResult {
  const conversation = rows.conversation(event.conversationId);
  if (!conversation || conversation.orgId !== event.orgId) return unchanged;
  const note = rows.note(event.noteId);
  const row = noted(note, event);
  return row ? { changes: [{ table: "conversation_note", row }] } : unchanged;
}

function noted(note: ConversationNoteRecord | undefined, event: ConversationNoteEvent): ConversationNoteRecord | null {
  if (event.type === "NoteAdded") {
    if (note) return null;
    return {
      id: event.noteId,
      orgId: event.orgId,
      conversationId: event.conversationId,
      authorId: event.by,
      body: event.body,
      createdAt: new Date(event.at),
      editedAt: null,
      deletedAt: null,
    };
  }
  if (
    !note ||
    note.orgId !== event.orgId ||
    note.conversationId !== event.conversationId ||
    note.authorId !== event.by ||
    note.deletedAt !== null
  )
    return null;
  switch (event.type) {
    case "NoteEdited":
      return note.body === event.body ? null : { ...note, body: event.body, editedAt: new Date(event.at) };
    case "NoteDeleted":
      return { ...note, body: "", deletedAt: new Date(event.at) };
    default: {
      const unhandled: never = event;
      throw new Error(`no note projection for ${(unhandled as { type: string }).type}`);
    }
  }
}
