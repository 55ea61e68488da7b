import { z } from "zod";
import { eventBase, isoTimestamp, uuid } from "./common.js";

/** A private note's longest text, in characters (issue 15): a note, not a document. */
export const MAX_NOTE_LENGTH = 4000;

/** A note's text: not blank, at most `MAX_NOTE_LENGTH` characters, no NUL (Postgres text refuses it). */
export const noteTextSchema = z
  .string()
  .refine((text) => text.trim().length > 0, "a note cannot be empty")
  .refine((text) => text.length <= MAX_NOTE_LENGTH, `a note is at most ${MAX_NOTE_LENGTH} characters`)
  .refine((text) => !text.includes("\u0000"), "a note cannot contain a NUL character")
  .meta({
    maxLength: MAX_NOTE_LENGTH,
    description: `The note's text, not blank, at most ${MAX_NOTE_LENGTH} characters`,
  });

/**
 * A private note in a conversation (issue 15): written by the freelancer, shown beside the
 * messages, never sent to the customer. On the conversation's subject, so erasing the contact
 * erases its notes with its messages (docs/decisions/010). `by` is the user who wrote, edited or
 * deleted it; only the note's author may edit or delete it (the web checks, the projection too).
 */
const noteBase = {
  ...eventBase,
  conversationId: uuid,
  noteId: uuid,
  by: z.string(),
  at: isoTimestamp,
};

export const noteAddedSchema = z.object({ type: z.literal("NoteAdded"), ...noteBase, body: noteTextSchema });
export type NoteAdded = z.infer<typeof noteAddedSchema>;

export const noteEditedSchema = z.object({ type: z.literal("NoteEdited"), ...noteBase, body: noteTextSchema });
export type NoteEdited = z.infer<typeof noteEditedSchema>;

export const noteDeletedSchema = z.object({ type: z.literal("NoteDeleted"), ...noteBase });
export type NoteDeleted = z.infer<typeof noteDeletedSchema>;

export type ConversationNoteEvent = NoteAdded | NoteEdited | NoteDeleted;
export type ConversationNoteEventType = ConversationNoteEvent["type"];
