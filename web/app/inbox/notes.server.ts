import { randomUUID } from "node:crypto";
import { type ConversationNoteEvent, isUuid, noteTextSchema, uuidv5 } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { noteOfOrg } from "@cloudpa/read-model";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { conversationOfOrg } from "./conversation-of-org.server.ts";

/**
 * A note's id, from the org and the key its client chose (the form's own UUID, the API's
 * `Idempotency-Key`): the same key adds one note, and no key of one org names another org's note.
 */
export function noteIdFor(orgId: string, clientKey: string): string {
  return uuidv5(`note:${orgId}:${clientKey}`);
}

/** A note's body, as a form or the API sends it. */
export const noteBodySchema = z.strictObject({ body: noteTextSchema });

/** The conversation view's note forms: add (with the key the page rendered), edit and delete. */
export const addNoteFormSchema = z.object({ noteKey: z.uuid("noteKey must be a UUID"), body: noteTextSchema });
export const editNoteFormSchema = z.object({ noteId: z.uuid("noteId must be a UUID"), body: noteTextSchema });
export const deleteNoteFormSchema = z.object({ noteId: z.uuid("noteId must be a UUID") });

export type NoteChange =
  | { kind: "add"; clientKey: string; body: string }
  | { kind: "edit"; noteId: string; body: string }
  | { kind: "delete"; noteId: string };

export type NoteOutcome =
  | { kind: "not_found" }
  /** Someone else's note: only its author edits or deletes it. */
  | { kind: "not_author" }
  | { kind: "accepted"; noteId: string; eventId: string };

/**
 * Adds, edits or deletes a private note in a conversation of the account's org (issue 15) by
 * appending its event (signed by the web, on the conversation's subject); the projector puts it in
 * the read model. Never sent to the customer. Another org's conversation or note is not found; a
 * note is edited or deleted only by its author.
 */
export async function changeNote(
  web: WebContext,
  account: Account,
  conversationId: string,
  change: NoteChange,
  now: Date = new Date(),
): Promise<NoteOutcome> {
  const conversation = await conversationOfOrg(web, account.orgId, conversationId);
  if (!conversation) return { kind: "not_found" };
  let noteId: string;
  if (change.kind === "add") noteId = noteIdFor(account.orgId, change.clientKey);
  else {
    if (!isUuid(change.noteId)) return { kind: "not_found" };
    const note = await noteOfOrg(web.db, { orgId: account.orgId, noteId: change.noteId, schema: web.readModelSchema });
    if (!note || note.conversationId !== conversation.id) return { kind: "not_found" };
    if (note.authorId !== account.userId) return { kind: "not_author" };
    noteId = note.id;
  }
  const fields = {
    version: 1 as const,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    conversationId: conversation.id,
    noteId,
    by: account.userId,
    at: now.toISOString(),
  };
  const event: ConversationNoteEvent =
    change.kind === "add"
      ? { type: "NoteAdded", ...fields, body: change.body }
      : change.kind === "edit"
        ? { type: "NoteEdited", ...fields, body: change.body }
        : { type: "NoteDeleted", ...fields };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  return { kind: "accepted", noteId, eventId: event.eventId };
}
