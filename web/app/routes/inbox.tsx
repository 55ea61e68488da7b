import { isUuid, webhookUrlsFor } from "@cloudpa/contracts";
import { type InboxConversation, InboxCursorError, inboxPage } from "@cloudpa/read-model";
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  NavLink,
  Outlet,
  type ShouldRevalidateFunction,
  useLoaderData,
  useLocation,
  useNavigation,
  useParams,
  useSearchParams,
} from "@remix-run/react";
import { BellOff, Pin } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AppShell } from "#app/components/app-shell";
import type { FaviconHandle } from "#app/components/favicon.ts";
import { useLiveUpdates } from "#app/components/live-updates";
import { unreadBadgeCount, useNewMessageAlerts, withUnreadCount } from "#app/components/new-message-alerts";
import { formatDuration, ShortTime, useHydrated } from "#app/components/time";
import { useDraft, useForgetDraftsOfGoneConversations } from "#app/conversation/drafts/use-draft.ts";
import { inboxOrgReadsFor } from "#app/inbox/inbox-org-reads.server.ts";
import { isTheSameListElsewhere, reloadExceptAfterARead } from "#app/inbox/inbox-revalidation.ts";
import { inboxSearchSchema } from "#app/inbox/inbox-search.ts";
import { initialsOf } from "#app/inbox/initials.ts";
import { type ListChoice, listHref, listQueryOf, paramsBesideTheList } from "#app/inbox/list-params.ts";
import { mutedAt } from "#app/inbox/muted-at.ts";
import { replyWindowOf } from "#app/inbox/reply-window.ts";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import keyboardStyles from "#app/keyboard/keyboard.css?url";
import { useInboxShortcuts } from "#app/keyboard/use-inbox-shortcuts.tsx";
import { LabelChips, labelsById, type ShownLabel } from "#app/labels/label-chip.tsx";
import { LabelFilter } from "#app/labels/label-filter.tsx";
import { readPositionedAtProjectionPosition } from "#app/live/projection-position.server.ts";
import { newMessageAlertsOf } from "#app/notifications/new-message-alerts.server.ts";
import { notificationSettingsForRead, requireAccount } from "#app/web.server";

// The unread count in front of the title is the page's (useNewMessageAlerts), on every view of the inbox.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: withUnreadCount("Inbox · Cloud PA", { unreadConversations: unreadBadgeCount(data) }) },
];

/** The favicon's badge shows the title's count, on every view of the inbox (app/components/favicon.ts). */
export const handle: FaviconHandle = {
  faviconCount: (data) => unreadBadgeCount(data as Parameters<typeof unreadBadgeCount>[0]),
};

/** The keyboard shortcuts' focus ring and help (issue 15). */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: keyboardStyles }];

const PAGE_SIZE = 30;

/** The list is not read again for opening another of its conversations, nor for marking one read (issue 16). */
export const shouldRevalidate: ShouldRevalidateFunction = (args) =>
  isTheSameListElsewhere(args) ? false : reloadExceptAfterARead(args);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const { web } = context;
  const url = new URL(request.url);
  const query = inboxSearchSchema.safeParse(url.searchParams.get("q") ?? "");
  if (!query.success) throw new Response(query.error.issues[0]?.message ?? "Bad search", { status: 400 });
  const search = query.data;
  const unreadOnly = url.searchParams.get("filter") === "unread";
  const view = url.searchParams.get("view") === "archived" ? "archived" : "inbox";
  // The label filter (issue 15): a deleted label's, or another org's, is on no conversation here.
  const labelParam = url.searchParams.get("label");
  const labelId = labelParam && isUuid(labelParam) ? labelParam : undefined;
  // Two statements beside each other, on connections of their own (issue 16): the page with its
  // position, and the org's labels with the alerts' rows; the user's settings came with the session.
  const orgReads = inboxOrgReadsFor(context, request, account.orgId);
  const [labels, alertRows, notify, { position, value: page }] = await Promise.all([
    orgReads.labels,
    orgReads.alerts,
    notificationSettingsForRead(context, request, account),
    // The page and its position in one statement (issue 16).
    readPositionedAtProjectionPosition(
      web.db,
      web.readModelSchema,
      web.names.partitionOf(account.orgId),
      (db, positionOf) =>
        inboxPage(db, {
          orgId: account.orgId,
          limit: PAGE_SIZE,
          search,
          unreadOnly,
          view,
          labelId,
          schema: web.readModelSchema,
          positionOf,
        }),
    ),
  ]).catch((error: unknown) => {
    if (error instanceof InboxCursorError) throw new Response("Bad cursor", { status: 400 });
    throw error;
  });
  return {
    conversations: page.conversations,
    nextCursor: page.nextCursor ?? null,
    /**
     * The unread count and the latest customer messages, for the title, favicon, sound and
     * notifications; read beside the list, not in its snapshot (a message found a moment later is still new).
     */
    alerts: newMessageAlertsOf(alertRows, notify.pushPreview),
    notify,
    /** The projection position this list reflects (live updates compare with it). */
    position,
    search,
    unreadOnly,
    view,
    labelId: labelId ?? null,
    labels: labels.map(({ id, name, colour }) => ({ id, name, colour })),
    webhookUrls: webhookUrlsFor(web.env.PUBLIC_BASE_URL),
    simulatorUrl: web.env.TWILIO_SIM_URL ?? null,
    now: new Date().toISOString(),
  };
}

type Row = Omit<InboxConversation, "lastMessageAt" | "lastInboundAt" | "snoozedUntil" | "archivedAt"> & {
  lastMessageAt: Date | string;
  lastInboundAt: Date | string | null;
  snoozedUntil: Date | string | null;
  archivedAt: Date | string | null;
};

export default function Inbox() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  useLiveUpdates();
  useForgetDraftsOfGoneConversations();
  useNewMessageAlerts(data.alerts, data.notify);
  const inConversation = /^\/inbox\/[^/]+/.test(location.pathname);
  const [older, setOlder] = useState<{ rows: Row[]; cursor: string | null }>({ rows: [], cursor: data.nextCursor });
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const listKey = `${data.search}|${data.unreadOnly}|${data.view}|${data.labelId}`;
  // A new search or filter starts the list again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: listKey names what resets the list
  useEffect(() => {
    setOlder({ rows: [], cursor: data.nextCursor });
  }, [listKey]);
  const rows: Row[] = useMemo(() => {
    const seen = new Set(data.conversations.map((c) => c.id));
    return [...data.conversations, ...older.rows.filter((r) => !seen.has(r.id))];
  }, [data.conversations, older.rows]);
  const cursor = older.rows.length > 0 ? older.cursor : data.nextCursor;

  const loadMore = useCallback(async () => {
    if (!cursor || loading) return;
    setLoading(true);
    setLoadError(null);
    try {
      const query = new URLSearchParams({ cursor, limit: String(PAGE_SIZE) });
      if (data.search) query.set("q", data.search);
      if (data.unreadOnly) query.set("unread", "true");
      if (data.view === "archived") query.set("view", "archived");
      if (data.labelId) query.set("label", data.labelId);
      const response = await fetch(`/api/v1/messaging/conversations?${query}`, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const page = (await response.json()) as { conversations: Row[]; nextCursor: string | null };
      setOlder((current) => ({ rows: [...current.rows, ...page.conversations], cursor: page.nextCursor }));
    } catch {
      setLoadError("Could not load older conversations.");
    } finally {
      setLoading(false);
    }
  }, [cursor, loading, data.search, data.unreadOnly, data.view, data.labelId]);

  const sentinel = useRef<HTMLLIElement>(null);
  // Scrolling loads the next page; after a failure only the button does, or a failing (or rate
  // limited) request would be retried as fast as the observer fires.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !cursor || loadError) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [cursor, loadMore, loadError]);

  // The list's search and filters keep the open conversation open (on a phone the list and a
  // conversation are never on screen together): they change only the list's part of the address.
  const here = location.pathname;
  const searching =
    navigation.state === "loading" &&
    navigation.location?.pathname === here &&
    listQueryOf(new URLSearchParams(navigation.location.search)) !== listQueryOf(params);
  const archived = data.view === "archived";
  const hasFilters = data.search !== "" || data.unreadOnly || archived || data.labelId !== null;
  const labelsByIdOf = useMemo(() => labelsById(data.labels), [data.labels]);
  const q = data.search || undefined;
  const filterHref = (choice: Omit<ListChoice, "q">) => listHref(here, params, { q, ...choice });
  // Another conversation opens under the same list, not at this one's place in its history.
  const linkSuffix = listQueryOf(params);
  // j/k, Enter, e, /, r and ? on the list and in the open conversation (issue 15).
  const shortcuts = useInboxShortcuts();

  return (
    <AppShell>
      <div className={`inbox ${inConversation ? "has-conversation" : ""}`}>
        <section className="inbox-list" aria-labelledby="inbox-heading">
          <div className="inbox-list-head">
            <h1 id="inbox-heading">Inbox</h1>
            <Link to="/inbox/new" className="button small">
              New conversation
            </Link>
            <Form method="get" role="search" className="search" action={here}>
              {paramsBesideTheList(params).map(([name, value]) => (
                <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
              ))}
              <label htmlFor="inbox-search" className="visually-hidden">
                Search by name, number or text
              </label>
              <input
                id="inbox-search"
                type="search"
                name="q"
                defaultValue={data.search}
                placeholder="Name, number or text"
                autoComplete="off"
              />
              {data.unreadOnly ? <input type="hidden" name="filter" value="unread" /> : null}
              {archived ? <input type="hidden" name="view" value="archived" /> : null}
              {data.labelId ? <input type="hidden" name="label" value={data.labelId} /> : null}
              <button type="submit" className="button small">
                Search
              </button>
            </Form>
            <nav className="filters" aria-label="Filter conversations">
              <Link
                to={filterHref({})}
                aria-current={!data.unreadOnly && !archived && !data.labelId ? "page" : undefined}
                className="chip"
              >
                All
              </Link>
              <Link
                to={filterHref({ filter: "unread" })}
                aria-current={data.unreadOnly ? "page" : undefined}
                className="chip"
              >
                Unread
              </Link>
              <Link to={filterHref({ view: "archived" })} aria-current={archived ? "page" : undefined} className="chip">
                Archived
              </Link>
              <LabelFilter labels={data.labels} current={data.labelId} hrefOf={(label) => filterHref({ label })} />
            </nav>
            {shortcuts.help}
          </div>
          {rows.length === 0 ? (
            hasFilters ? (
              <p className="list-empty" role="status">
                {data.search
                  ? `Nothing matches “${data.search}”.`
                  : data.labelId
                    ? "No conversations with this label."
                    : archived
                      ? "No archived conversations."
                      : "No unread conversations. Nice work."}
              </p>
            ) : (
              <EmptyInbox webhookUrls={data.webhookUrls} simulatorUrl={data.simulatorUrl} />
            )
          ) : (
            <ul className="conversation-list" aria-busy={searching} aria-label="Conversations">
              {rows.map((row) => (
                <ConversationItem
                  key={row.id}
                  row={row}
                  href={`/inbox/${row.id}${linkSuffix}`}
                  now={data.now}
                  labels={labelsByIdOf}
                />
              ))}
              {cursor ? (
                <li ref={sentinel} className="load-more">
                  <button
                    type="button"
                    className="button ghost small"
                    onClick={() => void loadMore()}
                    disabled={loading}
                  >
                    {loading ? "Loading…" : "Load older conversations"}
                  </button>
                  {loadError ? (
                    <span className="form-error" role="alert">
                      {loadError}
                    </span>
                  ) : null}
                </li>
              ) : null}
            </ul>
          )}
        </section>
        <main id="main" className="inbox-detail" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </AppShell>
  );
}

function ConversationItem({
  row,
  href,
  now,
  labels,
}: {
  row: Row;
  href: string;
  now: string;
  labels: ReadonlyMap<string, ShownLabel>;
}) {
  const hydrated = useHydrated();
  const window = replyWindowOf(row.lastInboundAt, hydrated ? new Date() : new Date(now));
  const unread = row.unreadCount > 0;
  // A reply half-written to this customer shows in place of the last message, as WhatsApp shows
  // it, except in the conversation open beside the list, whose box shows it.
  const [draft] = useDraft(row.id);
  const shownDraft = useParams().id === row.id ? "" : draft.trim();
  // No prefetch on hover: loader data is no-store (entry.server.tsx), so a prefetched answer is
  // never used and the click asks again; hovering down the list cost the server a request a row.
  return (
    <li>
      <NavLink to={href} className={`conversation-item ${unread ? "unread" : ""}`}>
        <span className="avatar" aria-hidden="true">
          {initialsOf(row.contactDisplayName)}
        </span>
        <span className="conversation-main">
          <span className="conversation-top">
            <span className="conversation-name">
              {row.pinned ? (
                <span className="pinned-marker" title="Pinned">
                  <Pin className="icon" />
                  <span className="visually-hidden">Pinned: </span>
                </span>
              ) : null}
              {shownHandle(row.contactDisplayName)}
            </span>
            <span className="conversation-time">
              <ShortTime value={row.lastMessageAt} />
            </span>
          </span>
          <span className="conversation-bottom">
            {shownDraft ? (
              <span className="conversation-preview">
                <span className="draft-mark">Draft: </span>
                {shownDraft}
              </span>
            ) : (
              <span className="conversation-preview">
                {row.lastMessageDirection === "outbound" ? <span className="muted">You: </span> : null}
                {row.lastMessagePreview || <em className="muted">Attachment</em>}
              </span>
            )}
            {mutedAt(row, hydrated ? new Date() : new Date(now)) ? (
              <span className="muted-marker" title="Muted">
                <BellOff className="icon" />
                <span className="visually-hidden">Muted</span>
              </span>
            ) : null}
            {row.markedUnread ? (
              // Marked unread, no message unread: WhatsApp's dot, not a count of one message.
              <span className="badge marked-unread" title="Marked unread">
                <span className="visually-hidden">Marked unread</span>
              </span>
            ) : unread ? (
              <span className="badge">
                <span aria-hidden="true">{row.unreadCount > 99 ? "99+" : row.unreadCount}</span>
                <span className="visually-hidden">{row.unreadCount} unread</span>
              </span>
            ) : null}
          </span>
          <LabelChips labelIds={row.labelIds} byId={labels} />
          <span
            className={`window-pill ${window.open ? "open" : "closed"}`}
            suppressHydrationWarning
            title="WhatsApp lets you reply freely for 24 hours after the customer's last message"
          >
            {window.open ? `Reply window: ${formatDuration(window.msLeft)} left` : "Reply window closed"}
          </span>
        </span>
      </NavLink>
    </li>
  );
}

function EmptyInbox(props: { webhookUrls: { inbound: string; status: string }; simulatorUrl: string | null }) {
  return (
    <div className="empty-state">
      <h2>No conversations yet</h2>
      <p>
        When a customer writes to your WhatsApp number, the conversation shows up here, live. First,{" "}
        <Link to="/settings/channels">connect your Twilio number</Link>, then paste these URLs into Twilio's console
        (Messaging → your WhatsApp sender):
      </p>
      <dl className="webhook-urls">
        <dt>When a message comes in</dt>
        <dd>
          <code>{props.webhookUrls.inbound}</code>
        </dd>
        <dt>Status callback URL</dt>
        <dd>
          <code>{props.webhookUrls.status}</code>
        </dd>
      </dl>
      {props.simulatorUrl ? (
        <p>
          Trying it out locally?{" "}
          <a href={props.simulatorUrl} target="_blank" rel="noreferrer">
            Open the WhatsApp simulator
          </a>{" "}
          and send yourself a message.
        </p>
      ) : null}
    </div>
  );
}
