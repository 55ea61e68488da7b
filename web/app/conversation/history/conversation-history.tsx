import { Form, Link, useFetcher, useLocation } from "@remix-run/react";
import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ClockTime } from "#app/components/time";
import { messageAnchorOf } from "#app/conversation/message-kinds/kind-message.ts";
import type { loader as historyLoader } from "#app/routes/inbox.$id.history.ts";
import { HISTORY_PARAMS, highlightParts, historyHref } from "./history-links.ts";

/** A layout effect in the browser; on the server, where it cannot run, an effect (React warns of a layout effect there). */
const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/** The loader's history, as JSON brings it (times as text). */
export interface ShownHistory {
  olderCursor: string | null;
  newerCursor: string | null;
  firstUnreadId: string | null;
  focusId: string | null;
  find: string;
  hits: { id: string; direction: string; body: string; sentAt: string | Date }[];
  moreHits: boolean;
}

/** The class of a message jumped to (a search hit), outlined until another is. */
const FOCUS_CLASS = "history-focus";

/**
 * The first unread message as the conversation was opened: reading it sets the unread count to 0
 * and the loader's answer then names none, but the divider stays where it was for this visit.
 * (When it is older than the latest page, the loader has already redirected to the address
 * pinned at it, so the reload that follows the read keeps the window.)
 */
export function useFirstUnread(conversationId: string, history: ShownHistory): string | null {
  const [kept, setKept] = useState({ conversationId, id: history.firstUnreadId });
  if (kept.conversationId !== conversationId) setKept({ conversationId, id: history.firstUnreadId });
  return kept.conversationId === conversationId ? kept.id : history.firstUnreadId;
}

/** How close to the end (CSS px) the user must be for an arriving message to scroll the view down. */
const NEAR_THE_END = 160;

/**
 * Where the messages scroll to: on opening (or a jump), the focused message (a search hit or
 * the first unread), else the end. Then, while the view shows the latest messages, the end when
 * the user adds a reply, and when a message arrives or grows (a contact card read, an image
 * loaded, after it was first drawn) or the view shrinks, only if the user was at the end: someone
 * reading further up keeps their place. `lastChange` is [the last message's id, pending replies].
 */
export function useHistoryScroll(
  end: RefObject<HTMLElement | null>,
  input: {
    conversationId: string;
    focusId: string | null;
    /**
     * Whether the focused message is outlined: a message jumped to is; the first unread is not,
     * its divider marks it (an outline there read as an error or a stray focus ring on a phone).
     */
    outlined: boolean;
    atLatest: boolean;
    lastChange: [lastMessageId: unknown, pendingReplies: number];
  },
) {
  const opened = useRef<string | null>(null);
  const atTheEnd = useRef(true);
  const atLatest = useRef(input.atLatest);
  atLatest.current = input.atLatest;
  const pendingBefore = useRef(input.lastChange[1]);
  const key = `${input.conversationId}|${input.focusId ?? ""}`;

  useEffect(() => {
    const box = end.current?.closest(".messages");
    if (!(box instanceof HTMLElement)) return;
    const onScroll = () => {
      atTheEnd.current = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_THE_END;
    };
    box.addEventListener("scroll", onScroll, { passive: true });
    const followTheEnd = () => {
      if (atLatest.current && atTheEnd.current) box.scrollTop = box.scrollHeight;
    };
    // A row that grows after it is drawn, or the box that shrinks (the attachments' tray opened
    // under it, a phone's keyboard), moves the end without a scroll: a view at the end follows it.
    const grown = new ResizeObserver(followTheEnd);
    // The window's resize too, which a browser handles before the scroll it caused: a phone's
    // keyboard going up and down at once grows the box (its scroll clamped to that end) and shrinks
    // it back between two frames, so no resize is observed and the clamped scroll, read as the
    // reader's, left the view short of the end for good.
    window.addEventListener("resize", followTheEnd);
    window.visualViewport?.addEventListener("resize", followTheEnd);
    grown.observe(box);
    for (const row of box.children) grown.observe(row);
    const rows = new MutationObserver((changes) => {
      for (const change of changes) {
        for (const row of change.addedNodes) if (row instanceof Element) grown.observe(row);
        for (const row of change.removedNodes) if (row instanceof Element) grown.unobserve(row);
      }
    });
    rows.observe(box, { childList: true });
    return () => {
      box.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", followTheEnd);
      window.visualViewport?.removeEventListener("resize", followTheEnd);
      grown.disconnect();
      rows.disconnect();
    };
  }, [end]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: lastChange lists what moves the end
  useEffect(() => {
    const replied = input.lastChange[1] > pendingBefore.current;
    pendingBefore.current = input.lastChange[1];
    if (opened.current !== key) {
      opened.current = key;
      const focused = input.focusId ? document.getElementById(messageAnchorOf(input.focusId)) : null;
      for (const old of document.querySelectorAll(`.${FOCUS_CLASS}`)) old.classList.remove(FOCUS_CLASS);
      if (focused) {
        if (input.outlined) focused.classList.add(FOCUS_CLASS);
        focused.scrollIntoView({ block: "center" });
        // Kept on the focused message: a growing row moves the view to the end only once a scroll
        // has brought it there.
        atTheEnd.current = false;
        return;
      }
      end.current?.scrollIntoView({ block: "end" });
      atTheEnd.current = true;
      return;
    }
    if (input.atLatest && (replied || atTheEnd.current)) end.current?.scrollIntoView({ block: "end" });
  }, [key, input.atLatest, ...input.lastChange]);
}

type OlderPage = NonNullable<ReturnType<typeof useFetcher<typeof historyLoader>>["data"]>;
type OlderMessage = OlderPage["messages"][number];

/** The first message row visible in the scroll box, and where it is, to keep it there. */
function anchorIn(box: HTMLElement): { element: Element; top: number } | undefined {
  const boxTop = box.getBoundingClientRect().top;
  for (const element of box.querySelectorAll(".bubble-row, .note-card")) {
    const rect = element.getBoundingClientRect();
    if (rect.bottom > boxTop) return { element, top: rect.top };
  }
  return undefined;
}

/**
 * The top of the messages (issue 15): older pages, loaded when the user scrolls up to it (an
 * IntersectionObserver on a sentinel) and put above the messages shown without moving them (the
 * first visible message is kept where it was). Without JavaScript, "Older messages" is a link
 * to the page before. Messages the live page lets go (new ones push the oldest out of the latest
 * page) are kept here, so none goes missing between the two.
 */
export function OlderMessages(props: {
  conversationId: string;
  olderCursor: string | null;
  shown: readonly OlderMessage[];
  renderMessage: (message: OlderMessage) => ReactNode;
}) {
  const fetcher = useFetcher<typeof historyLoader>();
  const { pathname, search } = useLocation();
  const [older, setOlder] = useState<OlderMessage[]>([]);
  const [cursor, setCursor] = useState(props.olderCursor);
  const sentinel = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ element: Element; top: number } | undefined>(undefined);
  const consumed = useRef<string | null>(null);
  // Each page is asked for once: the observer is set again before a page just loaded is put in.
  const requested = useRef<string | null>(null);
  const previous = useRef(props.shown);
  const loading = fetcher.state !== "idle";
  const load = fetcher.load;

  // Before any older page is loaded, the shown page's own cursor is the way up.
  if (older.length === 0 && cursor !== props.olderCursor && !loading) setCursor(props.olderCursor);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the shown messages matters
  useEffect(() => {
    if (older.length > 0) {
      const ids = new Set(props.shown.map((message) => message.id));
      const dropped = previous.current.filter((message) => !ids.has(message.id));
      if (dropped.length > 0) setOlder((list) => [...list, ...dropped]);
    }
    previous.current = props.shown;
  }, [props.shown]);

  useEffect(() => {
    const page = fetcher.data;
    // Once per page asked for: a reload of the fetcher's data (after an action) brings the same page again.
    if (!page || fetcher.state !== "idle" || consumed.current === requested.current) return;
    consumed.current = requested.current;
    const box = sentinel.current?.closest(".messages");
    anchor.current = box instanceof HTMLElement ? anchorIn(box) : undefined;
    setOlder((list) => [...page.messages, ...list]);
    setCursor(page.olderCursor);
  }, [fetcher.data, fetcher.state]);

  // The first visible message stays where it was when a page is put above it.
  // It runs after each page is put in (the older list grows).
  useBrowserLayoutEffect(() => {
    const kept = anchor.current;
    const box = sentinel.current?.closest(".messages");
    if (!kept || !(box instanceof HTMLElement)) return;
    anchor.current = undefined;
    box.scrollTop += kept.element.getBoundingClientRect().top - kept.top;
  }, [older.length]);

  useEffect(() => {
    const target = sentinel.current;
    const box = target?.closest(".messages");
    if (!target || !cursor || loading || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && requested.current !== cursor) {
          observer.disconnect();
          requested.current = cursor;
          load(`/inbox/${props.conversationId}/history?before=${cursor}`);
        }
      },
      { root: box instanceof HTMLElement ? box : null, rootMargin: "300px 0px 0px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [cursor, loading, load, props.conversationId]);

  return (
    <>
      <div ref={sentinel} className="history-top">
        {cursor ? (
          <Link
            className="history-older"
            to={historyHref(pathname, new URLSearchParams(search), { before: cursor })}
            onClick={(event) => {
              event.preventDefault();
              if (loading || requested.current === cursor) return;
              requested.current = cursor;
              load(`/inbox/${props.conversationId}/history?before=${cursor}`);
            }}
          >
            {loading ? "Loading older messages…" : "Older messages"}
          </Link>
        ) : (
          <p className="muted small center history-start">The conversation's first message.</p>
        )}
      </div>
      {older.map((message) => props.renderMessage(message))}
    </>
  );
}

/** Below a window of the history that does not reach the latest message: the way on, and back to the latest. */
export function NewerMessages({ newerCursor }: { newerCursor: string | null }) {
  const { pathname, search } = useLocation();
  if (!newerCursor) return null;
  const current = new URLSearchParams(search);
  return (
    <nav className="history-newer" aria-label="Newer messages">
      <Link to={historyHref(pathname, current, { after: newerCursor })}>Newer messages</Link>
      <Link to={historyHref(pathname, current, { at: "latest" })}>Jump to the latest</Link>
    </nav>
  );
}

/** Where the unread messages begin. */
export function UnreadDivider() {
  return (
    <div className="unread-divider">
      <span>Unread messages</span>
    </div>
  );
}

/** The conversation's search box (a GET form: it works before hydration); the list's parameters ride along. */
export function HistorySearch({ find }: { find: string }) {
  const { pathname, search } = useLocation();
  const kept = [...new URLSearchParams(search)].filter(
    ([name]) => !(HISTORY_PARAMS as readonly string[]).includes(name),
  );
  return (
    <Form method="get" action={pathname} role="search" className="history-search" preventScrollReset>
      {kept.map(([name, value]) => (
        <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
      ))}
      <input
        type="search"
        name="find"
        defaultValue={find}
        key={find}
        maxLength={100}
        placeholder="Search this conversation"
        aria-label="Search this conversation"
      />
      <button type="submit" className="button small">
        Find
      </button>
    </Form>
  );
}

/** The search's hits, newest first, the text found marked; each opens the history at it. */
export function HistorySearchResults({ history }: { history: ShownHistory }) {
  const { pathname, search } = useLocation();
  if (!history.find) return null;
  const current = new URLSearchParams(search);
  const count = history.hits.length;
  return (
    <section className="history-hits" aria-label="Search results">
      <p className="small">
        {count === 0
          ? `No message contains “${history.find}”.`
          : `${history.moreHits ? `The latest ${count}` : count} message${count === 1 ? " contains" : "s contain"} “${history.find}”.`}{" "}
        <Link className="history-clear" to={historyHref(pathname, current, { find: undefined })}>
          Clear search
        </Link>
      </p>
      {count > 0 ? (
        <ol>
          {history.hits.map((hit) => (
            <li key={hit.id}>
              <Link
                to={historyHref(pathname, current, { at: hit.id, hash: messageAnchorOf(hit.id) })}
                preventScrollReset
                aria-current={history.focusId === hit.id ? "true" : undefined}
                className="history-hit"
              >
                <span className="muted small">
                  {hit.direction === "inbound" ? "Customer" : "You"} · <ClockTime value={new Date(hit.sentAt)} />
                </span>
                <span className="history-hit-text">
                  {highlightParts(hit.body, history.find).map((part, index) =>
                    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
                    part.hit ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
                  )}
                </span>
              </Link>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
