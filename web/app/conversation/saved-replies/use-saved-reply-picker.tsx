import { useRouteLoaderData } from "@remix-run/react";
import { MessageSquareText } from "lucide-react";
import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useMemo, useRef, useState } from "react";
import { blanksIn, type ContactFields, fillFields, firstBlankOf } from "./fill-fields.ts";
import { type ComposerSavedReply, matchingReplies } from "./matching-replies.ts";

/** What the conversation route's loader carries for the picker. */
interface PickerData {
  savedReplies?: ComposerSavedReply[];
  contact?: ContactFields | null;
  conversation?: { contactHandle?: string };
}

/** `/` and the start of a shortcut, at the start of the reply: what the list filters by. */
const SLASH = /^\/([a-z0-9_-]*)$/i;

/**
 * Saved replies in the composer (issue 15). Typing `/` at the start of the reply opens a list of
 * the org's saved replies, filtered by what follows; ↑/↓ move, Enter or Tab inserts the chosen one
 * filled from the contact (fill-fields.ts), Escape closes. The "Saved replies" button opens the same
 * list to pick with the mouse or keyboard. The reply box stays the focus and points at the list
 * (`aria-controls`, `aria-activedescendant`, `aria-autocomplete="list"`: a textarea may not take
 * the combobox role, so it keeps its own), the options are a `listbox`, and a status line says how
 * many match. A field left blank is selected for the user to type over, shown highlighted under
 * the box, and holds Send until filled.
 */
export function useSavedReplyPicker(input: {
  text: string;
  setText: (text: string) => void;
  box: RefObject<HTMLTextAreaElement | null>;
  disabled: boolean;
}) {
  const data = useRouteLoaderData("routes/inbox.$id") as PickerData | undefined;
  const replies = data?.savedReplies ?? [];
  const contact: ContactFields = {
    ...data?.contact,
    handle: data?.contact?.handle ?? data?.conversation?.contactHandle,
  };
  const listId = useId();
  const [opened, setOpened] = useState(false);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [inserted, setInserted] = useState(false);
  const select = useRef<{ start: number; end: number } | null>(null);
  const { text, setText, box } = input;

  const slash = SLASH.exec(text);
  const typedOpen = slash !== null && dismissed !== text;
  const open = !input.disabled && replies.length > 0 && (typedOpen || opened);
  const query = slash?.[1] ?? "";
  const matches = useMemo(() => (open ? matchingReplies(replies, query) : []), [open, replies, query]);
  const current = matches[Math.min(active, matches.length - 1)];
  const blanks = inserted ? blanksIn(text) : [];
  const optionId = (reply: ComposerSavedReply) => `${listId}-${reply.id}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at its first match
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    if (text === "") setInserted(false);
  }, [text]);
  // After an insertion, the first blank is selected (else the caret goes to the end).
  useEffect(() => {
    const range = select.current;
    if (!range || !box.current) return;
    select.current = null;
    box.current.focus();
    box.current.setSelectionRange(range.start, range.end);
  });

  function insert(reply: ComposerSavedReply) {
    const filled = fillFields(reply.body, contact).text;
    const el = box.current;
    let next = filled;
    if (!slash && el) {
      // Picked with the button: put it where the caret is.
      const at = el.selectionStart ?? text.length;
      const end = el.selectionEnd ?? at;
      next = text.slice(0, at) + filled + text.slice(end);
      const blank = firstBlankOf(filled);
      select.current = blank
        ? { start: at + blank.start, end: at + blank.end }
        : { start: at + filled.length, end: at + filled.length };
    } else {
      select.current = firstBlankOf(next) ?? { start: next.length, end: next.length };
    }
    setText(next);
    setInserted(true);
    setOpened(false);
    setDismissed(null);
  }

  function close() {
    setOpened(false);
    setDismissed(text);
  }

  /** The reply box's keys while the list is open; true when the key was the list's. */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return true;
    }
    if (matches.length === 0) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((at) => (Math.min(at, matches.length - 1) + step + matches.length) % matches.length);
      return true;
    }
    if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey && current) {
      event.preventDefault();
      insert(current);
      return true;
    }
    return false;
  }

  /** True (and the first blank selected) while an inserted reply still has a field to fill. */
  function holdsSend(): boolean {
    const blank = blanks.length > 0 ? firstBlankOf(text) : undefined;
    if (!blank) return false;
    box.current?.focus();
    box.current?.setSelectionRange(blank.start, blank.end);
    return true;
  }

  const inputProps = {
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? listId : undefined,
    "aria-activedescendant": open && current ? optionId(current) : undefined,
  };

  const popup: ReactNode = (
    <>
      {open ? (
        <div className="saved-reply-picker">
          {matches.length === 0 ? (
            <p className="muted small">No saved reply starts with “/{query}”.</p>
          ) : (
            <div id={listId} role="listbox" aria-label="Saved replies" className="saved-reply-options">
              {matches.map((reply) => (
                // The reply box keeps the focus and handles the keys (aria-activedescendant); a click inserts.
                // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the reply box's (onKeyDown above)
                <div
                  key={reply.id}
                  id={optionId(reply)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={reply === current}
                  className={reply === current ? "saved-reply-option active" : "saved-reply-option"}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => insert(reply)}
                >
                  <span className="saved-reply-shortcut">/{reply.shortcut}</span>{" "}
                  <span className="saved-reply-name">{reply.name}</span>
                  <span className="saved-reply-preview muted small">{fillFields(reply.body, contact).text}</span>
                </div>
              ))}
            </div>
          )}
        </div>
      ) : null}
      <p className="visually-hidden" role="status">
        {open
          ? `${matches.length} saved ${matches.length === 1 ? "reply" : "replies"}; arrow keys to choose, Enter to insert, Escape to close.`
          : ""}
      </p>
      {blanks.length > 0 ? <FilledPreview text={text} /> : null}
    </>
  );

  const button: ReactNode =
    replies.length > 0 && !input.disabled ? (
      <button
        type="button"
        className="button ghost"
        title="Saved replies"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => {
          if (open) close();
          else {
            setOpened(true);
            setDismissed(null);
            box.current?.focus();
          }
        }}
      >
        <MessageSquareText className="icon" />
        <span className="button-label">Saved replies</span>
      </button>
    ) : null;

  return { open, onKeyDown, holdsSend, inputProps, popup, button };
}

/** The reply as it stands, its blanks highlighted: what is left to fill before sending. */
function FilledPreview({ text }: { text: string }) {
  const { parts, blanks } = fillFields(text, {});
  // Every {{field}} counts as a blank here: the contact's were filled when inserted.
  return (
    <div className="saved-reply-blanks" id="saved-reply-blanks">
      <p className="small">
        Fill in {blanks.length === 1 ? "the highlighted blank" : `the ${blanks.length} highlighted blanks`} before
        sending:
      </p>
      <p className="saved-reply-filled">
        {parts.map((part, at) =>
          part.blank ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
            <mark key={at}>{part.text}</mark>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
            <span key={at}>{part.text}</span>
          ),
        )}
      </p>
    </div>
  );
}
