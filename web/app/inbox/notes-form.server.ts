import { data } from "@remix-run/node";
import type { Account } from "#app/accounts/accounts.server.ts";
import { parseForm } from "#app/forms/form-schema.ts";
import type { WebContext } from "#app/web-context.server.ts";
import {
  addNoteFormSchema,
  changeNote,
  deleteNoteFormSchema,
  editNoteFormSchema,
  type NoteChange,
} from "./notes.server.ts";

/** The conversation view's note intents (issue 15). */
export const NOTE_INTENTS = ["note-add", "note-edit", "note-delete"] as const;
export type NoteIntent = (typeof NOTE_INTENTS)[number];

export function isNoteIntent(intent: unknown): intent is NoteIntent {
  return (NOTE_INTENTS as readonly unknown[]).includes(intent);
}

/** A note form's post: parsed by its schema (a clear 400 otherwise), then the note's event appended. */
export async function noteFormAction(
  web: WebContext,
  account: Account,
  conversationId: string,
  intent: NoteIntent,
  form: FormData,
) {
  let change: NoteChange;
  if (intent === "note-add") {
    const parsed = parseForm(addNoteFormSchema, form);
    if (!parsed.success) return refused(parsed.error.issues[0]?.message);
    change = { kind: "add", clientKey: parsed.data.noteKey, body: parsed.data.body };
  } else if (intent === "note-edit") {
    const parsed = parseForm(editNoteFormSchema, form);
    if (!parsed.success) return refused(parsed.error.issues[0]?.message);
    change = { kind: "edit", noteId: parsed.data.noteId, body: parsed.data.body };
  } else {
    const parsed = parseForm(deleteNoteFormSchema, form);
    if (!parsed.success) return refused(parsed.error.issues[0]?.message);
    change = { kind: "delete", noteId: parsed.data.noteId };
  }
  const outcome = await changeNote(web, account, conversationId, change);
  if (outcome.kind === "not_found") throw new Response("Not found", { status: 404 });
  if (outcome.kind === "not_author")
    return data({ ok: false as const, error: "Only the note's author can change it." }, { status: 403 });
  return data({ ok: true as const, noteId: outcome.noteId }, { status: 202 });
}

function refused(message: string | undefined) {
  return data({ ok: false as const, error: message ?? "Invalid note" }, { status: 400 });
}
