import { useFetcher, useLocation, useParams, useSubmit } from "@remix-run/react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useRootData } from "#app/root";
import { conversationIdOfLink, isShortcutKey, steppedIndex } from "./shortcut-target.ts";

/** The shortcuts, as the help dialog lists them. */
export const INBOX_SHORTCUTS = [
  { keys: ["j"], does: "Next conversation in the list" },
  { keys: ["k"], does: "Previous conversation in the list" },
  { keys: ["Enter"], does: "Open the chosen conversation" },
  { keys: ["e"], does: "Archive the chosen conversation (else the open one)" },
  { keys: ["u"], does: "Mark the chosen conversation unread (else the open one, back to the list)" },
  { keys: ["/"], does: "Search the inbox" },
  { keys: ["r"], does: "Write a reply in the open conversation" },
  { keys: ["?"], does: "Show these shortcuts" },
] as const;

const LIST_LINKS = ".conversation-list a.conversation-item";

/**
 * The inbox's keyboard shortcuts (issue 15), mounted once in the inbox layout, so they work on the
 * list and in an open conversation alike: `j`/`k` move the focus (a visible focus ring) through
 * the conversation list, `Enter` opens the focused one (the link's own key), `e` archives the
 * focused row's conversation or else the open one (the conversation's own `archive` intent), `u`
 * marks the focused row's conversation unread, or else the open one and goes back to its list (as
 * its header's Mark unread does: left open, it would be read again at once), `/` goes to the search
 * box, `r` to the reply box, `?` opens a dialog listing them. Keys typed into a field, or with
 * Ctrl/Cmd/Alt, are left alone (shortcut-target.ts).
 */
export function useInboxShortcuts(): { help: ReactNode } {
  const openId = useParams().id;
  const csrf = useRootData()?.csrf ?? "";
  const { search } = useLocation();
  const archive = useFetcher({ key: "shortcut-archive" });
  const markUnread = useFetcher({ key: "shortcut-mark-unread" });
  const navigate = useSubmit();
  const dialog = useRef<HTMLDialogElement>(null);
  const [said, setSaid] = useState("");
  const current = { openId, csrf, search, submit: archive.submit, mark: markUnread.submit, navigate };
  const state = useRef(current);
  state.current = current;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isShortcutKey(event)) return;
      const links = [...document.querySelectorAll<HTMLAnchorElement>(LIST_LINKS)];
      const focused = links.indexOf(document.activeElement as HTMLAnchorElement);
      switch (event.key) {
        case "j":
        case "k": {
          const from = focused >= 0 ? focused : links.findIndex((link) => link.getAttribute("aria-current") === "page");
          const next = links[steppedIndex(from, event.key === "j" ? 1 : -1, links.length)];
          if (!next) return;
          event.preventDefault();
          next.focus();
          next.scrollIntoView({ block: "nearest" });
          return;
        }
        case "e": {
          const row = focused >= 0 ? links[focused] : undefined;
          const id = row ? conversationIdOfLink(row) : state.current.openId;
          if (!id) return;
          event.preventDefault();
          const name = row
            ? row.querySelector(".conversation-name")?.textContent
            : document.getElementById("conversation-title")?.textContent;
          state.current.submit(
            { intent: "archive", csrf: state.current.csrf },
            { method: "post", action: `/inbox/${id}` },
          );
          setSaid(`Archived${name ? ` ${name.trim()}` : ""}.`);
          return;
        }
        case "u": {
          const row = focused >= 0 ? links[focused] : undefined;
          const id = row ? conversationIdOfLink(row) : state.current.openId;
          if (!id) return;
          event.preventDefault();
          const form = { intent: "mark-unread", csrf: state.current.csrf };
          if (id === state.current.openId) {
            // The open conversation: leave it for its list, as its header's Mark unread does.
            state.current.navigate(
              { ...form, leave: "1" },
              { method: "post", action: `/inbox/${id}${state.current.search}` },
            );
            return;
          }
          state.current.mark(form, { method: "post", action: `/inbox/${id}` });
          const name = row?.querySelector(".conversation-name")?.textContent;
          setSaid(`Marked${name ? ` ${name.trim()}` : ""} unread.`);
          return;
        }
        case "/": {
          const search = document.getElementById("inbox-search") as HTMLInputElement | null;
          if (!search) return;
          event.preventDefault();
          search.focus();
          search.select();
          return;
        }
        case "r": {
          const reply = document.getElementById("reply-text") as HTMLTextAreaElement | null;
          if (!reply || reply.disabled) return;
          event.preventDefault();
          reply.focus();
          return;
        }
        case "?":
          event.preventDefault();
          if (!dialog.current?.open) dialog.current?.showModal();
          return;
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  const help = (
    <>
      <button
        type="button"
        className="button ghost small flush-start shortcuts-button"
        onClick={() => dialog.current?.showModal()}
      >
        Keyboard shortcuts <kbd>?</kbd>
      </button>
      <p className="visually-hidden" role="status">
        {said}
      </p>
      <dialog ref={dialog} className="shortcuts-help" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <p className="muted small">Anywhere in the inbox, except while typing in a field.</p>
        <dl>
          {INBOX_SHORTCUTS.map((shortcut) => (
            <div key={shortcut.does}>
              <dt>
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </dt>
              <dd>{shortcut.does}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" className="button">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
  return { help };
}
