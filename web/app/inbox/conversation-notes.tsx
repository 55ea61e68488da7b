import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { newCommandId } from "#app/components/command-id";
import { ClockTime } from "#app/components/time";

/** A private note as the page has it (issue 15): `mine` when the user wrote it, who alone may change it. */
export interface ShownNote {
  id: string;
  body: string;
  createdAt: Date | string;
  editedAt: Date | string | null;
  mine: boolean;
}

type NoteResult = { ok: boolean; error?: string };

const timeOf = (value: Date | string) => new Date(value).getTime();

/** Messages and notes in one timeline, by time (a note after a message of the same time). */
export function timelineOf<M extends { id: string; sentAt: Date | string }, N extends ShownNote>(
  messages: readonly M[],
  notes: readonly N[],
): ({ message: M; note?: undefined } | { note: N; message?: undefined })[] {
  const items = [
    ...messages.map((message) => ({ message, at: timeOf(message.sentAt), order: 0 })),
    ...notes.map((note) => ({ note, at: timeOf(note.createdAt), order: 1 })),
  ];
  items.sort((a, b) => a.at - b.at || a.order - b.order);
  return items.map((item) => ("message" in item ? { message: item.message } : { note: item.note }));
}

/**
 * A private note in the timeline: a yellow card apart from the bubbles, marked as never sent. Its
 * author may edit or delete it; both are plain forms, so they work before the page's scripts load.
 */
export function NoteCard({
  note,
  action,
  csrf,
  limit,
}: {
  note: ShownNote;
  action: string;
  csrf: string;
  limit: number;
}) {
  const fetcher = useFetcher<NoteResult>({ key: `note-${note.id}` });
  const busy = fetcher.state !== "idle";
  return (
    <div className="note-row" id={`note-${note.id}`} data-note-id={note.id}>
      <aside className="note-card" aria-label="Private note">
        <p className="note-label">Private note · only you see it, never sent</p>
        <p className="note-text">{note.body}</p>
        <p className="bubble-meta">
          <ClockTime value={note.createdAt} />
          {note.editedAt ? " · edited" : ""}
        </p>
        {note.mine ? (
          <div className="note-actions">
            <details className="note-edit">
              <summary>Edit</summary>
              <fetcher.Form method="post" action={action} className="note-form">
                <input type="hidden" name="csrf" value={csrf} />
                <input type="hidden" name="intent" value="note-edit" />
                <input type="hidden" name="noteId" value={note.id} />
                <label htmlFor={`note-edit-${note.id}`} className="visually-hidden">
                  Note
                </label>
                <textarea
                  id={`note-edit-${note.id}`}
                  name="body"
                  defaultValue={note.body}
                  required
                  maxLength={limit}
                  rows={3}
                />
                <button type="submit" className="button small" disabled={busy}>
                  Save note
                </button>
              </fetcher.Form>
            </details>
            <fetcher.Form method="post" action={action} className="note-delete">
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="noteId" value={note.id} />
              <button type="submit" name="intent" value="note-delete" className="button ghost small" disabled={busy}>
                Delete note
              </button>
            </fetcher.Form>
          </div>
        ) : null}
        {fetcher.data && !fetcher.data.ok ? (
          <p className="form-error" role="alert">
            {fetcher.data.error ?? "That did not work"}
          </p>
        ) : null}
      </aside>
    </div>
  );
}

/**
 * Writes a private note (issue 15): it goes into the conversation's timeline, never to the
 * customer. A form with the key the server rendered, so a post before hydration adds one note, and
 * a second post of the same form adds no second one.
 */
export function NoteComposer(props: { action: string; csrf: string; initialKey: string; limit: number }) {
  const fetcher = useFetcher<NoteResult & { noteId?: string }>({ key: `note-add-${props.action}` });
  const [text, setText] = useState("");
  const [noteKey, setNoteKey] = useState(props.initialKey);
  const added = fetcher.state === "idle" && fetcher.data?.ok === true ? fetcher.data.noteId : undefined;
  useEffect(() => {
    if (added === undefined) return;
    setText("");
    setNoteKey(newCommandId());
  }, [added]);
  return (
    <details className="note-composer">
      <summary>Add a private note</summary>
      <fetcher.Form method="post" action={props.action} className="note-form" aria-label="Private note">
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="intent" value="note-add" />
        <input type="hidden" name="noteKey" value={noteKey} />
        <label htmlFor="note-text" className="visually-hidden">
          Private note
        </label>
        <textarea
          id="note-text"
          name="body"
          rows={2}
          required
          maxLength={props.limit}
          placeholder="A note for yourself: the customer never sees it"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button small" disabled={fetcher.state !== "idle"}>
          Add note
        </button>
        {fetcher.data && !fetcher.data.ok ? (
          <p className="form-error" role="alert">
            {fetcher.data.error ?? "The note was not added"}
          </p>
        ) : null}
      </fetcher.Form>
    </details>
  );
}
