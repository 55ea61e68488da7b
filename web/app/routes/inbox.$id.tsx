import { contactIdFor, isUuid } from "@cloudpa/contracts";
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Link,
  type ShouldRevalidateFunction,
  useFetcher,
  useLoaderData,
  useLocation,
  useSubmit,
} from "@remix-run/react";
import { Clock3, LayoutTemplate, Plus, SendHorizontal } from "lucide-react";
import { type FormEvent, Fragment, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { AutomaticMark } from "#app/auto-replies/automatic-mark.tsx";
import { newCommandId } from "#app/components/command-id";
import { ContactDataLinks } from "#app/components/contact-data-links";
import { ClockTime, formatDuration, useHydrated } from "#app/components/time";
import { useTouchKeyboard } from "#app/components/touch-keyboard";
import { AttachmentComposer } from "#app/conversation/attachments/attachment-composer.tsx";
import { MessageMedia } from "#app/conversation/attachments/message-media.tsx";
import { useDraft } from "#app/conversation/drafts/use-draft.ts";
import {
  HistorySearch,
  HistorySearchResults,
  NewerMessages,
  OlderMessages,
  UnreadDivider,
  useFirstUnread,
  useHistoryScroll,
} from "#app/conversation/history/conversation-history.tsx";
import historyStyles from "#app/conversation/history/history.css?url";
import { CustomerReaction } from "#app/conversation/message-kinds/customer-reaction.tsx";
import { messageAnchorOf, showsOwnBody } from "#app/conversation/message-kinds/kind-message.ts";
import { MessageKindContent } from "#app/conversation/message-kinds/message-kind-content.tsx";
import { QuotedMessage } from "#app/conversation/message-kinds/quoted-message.tsx";
import { MessageText } from "#app/conversation/message-text/message-text.tsx";
import { failedReplyRetryOf } from "#app/conversation/retry/failed-reply-retry.ts";
import savedReplyStyles from "#app/conversation/saved-replies/saved-replies.css?url";
import { savedRepliesForComposer } from "#app/conversation/saved-replies/saved-replies.server.ts";
import { useSavedReplyPicker } from "#app/conversation/saved-replies/use-saved-reply-picker.tsx";
import { type FieldConstraints, formFields, parseForm } from "#app/forms/form-schema.ts";
import { ContactCard } from "#app/inbox/contact-card.tsx";
import { contactFormAction } from "#app/inbox/contact-form.server.ts";
import { NoteCard, NoteComposer, timelineOf } from "#app/inbox/conversation-notes.tsx";
import { conversationOfOrg } from "#app/inbox/conversation-of-org.server.ts";
import { conversationViewAtPosition } from "#app/inbox/conversation-view.server.ts";
import { isOnlyAnotherList, READ_INTENT, reloadExceptAfterARead } from "#app/inbox/inbox-revalidation.ts";
import { listQueryOf } from "#app/inbox/list-params.ts";
import { markConversationRead } from "#app/inbox/mark-read.server.ts";
import { deliveryStepOf, failureTextOf } from "#app/inbox/message-status.ts";
import { isNoteIntent, noteFormAction } from "#app/inbox/notes-form.server.ts";
import {
  muteUntilSchema,
  ORGANIZE_ACTIONS,
  type OrganizeAction,
  organizeConversation,
  snoozeUntilSchema,
} from "#app/inbox/organize.server.ts";
import { OrganizeActions } from "#app/inbox/organize-actions.tsx";
import { replyWindowOf } from "#app/inbox/reply-window.ts";
import { replyFormSchema, sendReply } from "#app/inbox/send-reply.server.ts";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import { unlessUnconfirmed } from "#app/inbox/unconfirmed-send.server.ts";
import { ConversationLabels } from "#app/labels/conversation-labels.tsx";
import { isLabelIntent, labelFormAction } from "#app/labels/label-form.server.ts";
import { labelsOfForRead } from "#app/labels/labels.server.ts";
import { useRootData } from "#app/root";
import { templateFormAction } from "#app/templates/template-form.server.ts";
import { TemplatePicker } from "#app/templates/template-picker.tsx";
import { readCheckedForm, requireAccount } from "#app/web.server";

/** The history's and the saved replies' styles (issue 15). */
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: historyStyles },
  { rel: "stylesheet", href: savedReplyStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${shownHandle(data.conversation.contactDisplayName)} · Cloud PA` : "Conversation · Cloud PA" },
];

/**
 * Marking the conversation read reloads nothing: the live updates show it once projected (issue 16).
 * Nor does a new search or filter of the list beside it.
 */
export const shouldRevalidate: ShouldRevalidateFunction = (args) =>
  isOnlyAnotherList(args) ? false : reloadExceptAfterARead(args);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const conversationId = params.id ?? "";
  const { web } = context;
  // The org's labels and saved replies are read beside the conversation's snapshot, each on a
  // connection of its own (issue 16).
  const [{ position, value: page }, labels, savedReplies] = await Promise.all([
    isUuid(conversationId)
      ? conversationViewAtPosition(web, {
          orgId: account.orgId,
          userId: account.userId,
          conversationId,
          url: request.url,
        })
      : { position: 0, value: undefined },
    labelsOfForRead(context, request, account.orgId),
    savedRepliesForComposer(web, account.orgId),
  ]);
  // Another org's conversation is as absent as one that never existed.
  if (!page) throw new Response("Not found", { status: 404 });
  const { orgId: _org, extras, history, ...conversation } = page;
  return {
    conversation,
    history,
    /** The org's labels, to show the conversation's and offer the others (issue 15). */
    labels: labels.map(({ id, name, colour }) => ({ id, name, colour })),
    /** The org's saved replies, offered by `/` in the composer (issue 15). */
    savedReplies,
    ...extras,
    /** The note form's own key: a post of the same form adds one note (issue 15). */
    noteKey: crypto.randomUUID(),
    /** Export and erasure name the contact (docs/decisions/010). */
    contactId: contactIdFor(account.orgId, conversation.contactHandle),
    /** The projection position this conversation reflects (live updates compare with it). */
    position,
    now: new Date().toISOString(),
    replyCommandId: crypto.randomUUID(),
    // The composer's fields and the reply's limit, from the schema the action parses with
    // (contracts' rule for a reply's text: a server-side package, so they come as data).
    replyFields: formFields(replyFormSchema),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const conversationId = params.id ?? "";
  const intent = form.get("intent");
  if (intent === READ_INTENT) {
    const conversation = await conversationOfOrg(context.web, account.orgId, conversationId);
    if (!conversation) throw new Response("Not found", { status: 404 });
    if (conversation.unreadCount > 0) await markConversationRead(context.web, account, conversationId);
    return { ok: true as const };
  }
  if (intent === "reply") {
    const parsed = parseForm(replyFormSchema, form);
    if (!parsed.success)
      return data({ ok: false as const, error: parsed.error.issues[0]?.message ?? "Invalid reply" }, { status: 400 });
    const { commandId: clientKey, text } = parsed.data;
    return unlessUnconfirmed(context.web, { orgId: account.orgId, conversationId, clientKey }, async () => {
      const outcome = await sendReply(context.web, account, { conversationId, clientKey, text });
      if (outcome.kind === "not_found") throw new Response("Not found", { status: 404 });
      if (outcome.kind === "window_closed")
        return data(
          { ok: false as const, error: "The 24-hour window is closed: WhatsApp takes only a template now." },
          { status: 409 },
        );
      return data({ ok: true as const, commandId: outcome.commandId }, { status: 202 });
    });
  }
  if (isNoteIntent(intent)) return noteFormAction(context.web, account, conversationId, intent, form);
  if (intent === "contact-details") return contactFormAction(context.web, account, conversationId, form);
  if (isLabelIntent(intent)) return labelFormAction(context.web, account, conversationId, intent, form);
  if (intent === "template")
    return unlessUnconfirmed(
      context.web,
      { orgId: account.orgId, conversationId, clientKey: String(form.get("commandId")) },
      () => templateFormAction(context.web, account, conversationId, form),
    );
  if ((ORGANIZE_ACTIONS as readonly unknown[]).includes(intent)) {
    const action = intent as OrganizeAction;
    let outcome: Awaited<ReturnType<typeof organizeConversation>>;
    if (action === "snooze") {
      const until = snoozeUntilSchema.safeParse(form.get("until"));
      if (!until.success)
        return data({ ok: false as const, error: until.error.issues[0]?.message ?? "Bad time" }, { status: 400 });
      outcome = await organizeConversation(context.web, account, conversationId, { action, until: until.data });
    } else if (action === "mute" && form.get("until")) {
      // An end chosen (8 hours, a week); a plain Mute (no scripts, or Always) lasts until unmuted.
      const until = muteUntilSchema.safeParse(form.get("until"));
      if (!until.success)
        return data({ ok: false as const, error: until.error.issues[0]?.message ?? "Bad time" }, { status: 400 });
      outcome = await organizeConversation(context.web, account, conversationId, { action, until: until.data });
    } else outcome = await organizeConversation(context.web, account, conversationId, { action });
    if (outcome.kind === "not_found") throw new Response("Not found", { status: 404 });
    // Marked from its own header (`leave`), back to the list it was opened from: left open, the
    // conversation would be read again at once. Marked from the list (a shortcut), it stays there.
    if (action === "mark-unread" && form.get("leave") === "1")
      return redirect(`/inbox${listQueryOf(new URL(request.url).searchParams)}`);
    return data({ ok: true as const }, { status: 202 });
  }
  return data({ ok: false as const, error: "Unknown action" }, { status: 400 });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Message = LoaderData["conversation"]["messages"][number];

interface PendingReply {
  text: string;
  at: number;
  /** The fields it was posted with, its commandId among them: Send again posts them again. */
  form: Record<string, string> & { commandId: string };
}

/**
 * Each conversation has its own page state: what is typed in the reply box, the replies on their
 * way, the pickers and the tools open. The route's component is kept when another conversation is
 * opened from the list, so without the key Grace's half-typed reply stayed in Ada's box, one Enter
 * away from the wrong customer, and Grace's reply on its way showed as sending in Ada's conversation.
 */
export default function ConversationRoute() {
  const { conversation } = useLoaderData<typeof loader>();
  return <ConversationView key={conversation.id} />;
}

function ConversationView() {
  const { conversation, contactId, now, replyCommandId, replyFields, notes, contact, limits, noteKey } =
    useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const { labels, history } = useLoaderData<typeof loader>();
  const root = useRootData();
  const submit = useSubmit();
  const [pending, setPending] = useState<PendingReply[]>([]);
  const [clock, setClock] = useState(() => new Date(now));
  const readFetcher = useFetcher({ key: `read-${conversation.id}` });
  const end = useRef<HTMLDivElement>(null);
  // The list's search, filter and view ride along in the conversation's address (inbox.tsx's
  // links): the way back on a phone returns to the same list.
  const listSearch = listQueryOf(new URLSearchParams(useLocation().search));

  useEffect(() => {
    setClock(new Date());
    const timer = setInterval(() => setClock(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);

  // Opening a conversation reads it: a ConversationRead event, once per arrival of unread messages.
  // Only while the page is seen: in a tab behind another window, a customer's new messages were
  // read as they came, and the freelancer never saw them counted as unread.
  const unread = conversation.unreadCount;
  const readSubmit = readFetcher.submit;
  const csrf = root?.csrf;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a different conversation with the same count is read too
  useEffect(() => {
    if (unread === 0 || !csrf) return;
    const read = () => readSubmit({ intent: READ_INTENT, csrf }, { method: "post" });
    if (document.visibilityState === "visible") {
      read();
      return;
    }
    const onceSeen = () => {
      if (document.visibilityState !== "visible") return;
      document.removeEventListener("visibilitychange", onceSeen);
      read();
    };
    document.addEventListener("visibilitychange", onceSeen);
    return () => document.removeEventListener("visibilitychange", onceSeen);
  }, [unread, conversation.id, csrf, readSubmit]);

  // A pending reply gives way to the real message once it is projected: its bubble hides itself by
  // the command id the server answered with (PendingBubble), not the form's key it derives from.
  const projectedCommands = new Set(conversation.messages.map((m) => m.commandId).filter(Boolean));
  const lastMessageId = conversation.messages[conversation.messages.length - 1]?.id;
  // Opens at the first unread message or a search hit, else the end; then follows new messages (issue 15).
  const firstUnreadId = useFirstUnread(conversation.id, history);
  useHistoryScroll(end, {
    conversationId: conversation.id,
    focusId: history.focusId ?? firstUnreadId,
    outlined: history.focusId !== null && history.focusId !== firstUnreadId,
    atLatest: history.newerCursor === null,
    lastChange: [lastMessageId, pending.length],
  });

  const window = replyWindowOf(conversation.lastInboundAt, hydrated ? clock : new Date(now));
  const channelActive = conversation.channel?.isActive ?? false;
  // A closed window takes only an approved template: the template picker opens above the paused text box.
  const templateOnly = channelActive && !window.open;
  const blockedReason = !channelActive
    ? "This WhatsApp number is disconnected. Reconnect it in Settings to reply."
    : templateOnly
      ? "The 24-hour reply window is closed. WhatsApp takes only an approved template until the customer writes again: choose one above."
      : null;
  const [showTemplates, setShowTemplates] = useState(false);
  const toggleTemplates = () => setShowTemplates((shown) => !shown);
  // On a phone, Attach, Templates and a private note wait behind the reply row's + (phone.css).
  const [extrasOpen, setExtrasOpen] = useState(false);
  // In a narrow conversation (a phone, a tablet) the header's actions fold behind "More" (styles.css's
  // conversation container), so the messages keep the screen; a search in progress keeps them shown.
  // Opened for one conversation, not the next.
  const [toolsOpenFor, setToolsOpenFor] = useState<string | null>(null);
  const toolsOpen = toolsOpenFor === conversation.id || history.find !== "";

  function post(text: string, form: PendingReply["form"]) {
    setPending((list) => [...list, { text, at: Date.now(), form }]);
    submit(form, { method: "post", navigate: false, fetcherKey: `reply-${form.commandId}` });
  }

  function sendTemplate(choice: { contentSid: string; variables: Record<string, string>; text: string }) {
    setShowTemplates(false);
    post(choice.text, {
      intent: "template",
      commandId: newCommandId(),
      contentSid: choice.contentSid,
      variables: JSON.stringify(choice.variables),
      csrf: root?.csrf ?? "",
    });
  }

  function sendText(text: string) {
    post(text, { intent: "reply", commandId: newCommandId(), text, csrf: root?.csrf ?? "" });
  }

  /** A failed reply's Retry: its template again (open or closed window), or its text while the window is open (issue 14). */
  function retryOf(message: Message): (() => void) | undefined {
    const retry = failedReplyRetryOf(message, { channelActive, windowOpen: window.open });
    if (!retry) return undefined;
    return retry.kind === "template" ? () => sendTemplate(retry) : () => sendText(retry.text);
  }

  return (
    <article className="conversation" aria-labelledby="conversation-title">
      <header className={`conversation-head${toolsOpen ? " tools-open" : ""}`}>
        <Link to={`/inbox${listSearch}`} className="back-link" aria-label="Back to the inbox">
          ←
        </Link>
        <div className="conversation-who">
          <h2 id="conversation-title">{shownHandle(conversation.contactDisplayName)}</h2>
          <p className="muted small">
            {shownHandle(conversation.contactHandle)}
            {conversation.channel ? (
              <span className="conversation-channel"> · to {shownHandle(conversation.channel.externalPhoneId)}</span>
            ) : null}
          </p>
        </div>
        <button
          type="button"
          className="button ghost small tools-toggle"
          aria-expanded={toolsOpen}
          aria-controls="conversation-tools"
          onClick={() => setToolsOpenFor(toolsOpen ? null : conversation.id)}
        >
          {toolsOpen ? "Less" : "More"}
        </button>
        <div className="conversation-tools" id="conversation-tools">
          <ContactDataLinks contactId={contactId} conversationId={conversation.id} />
          <OrganizeActions
            conversation={conversation}
            csrf={root?.csrf ?? ""}
            now={hydrated ? clock : new Date(now)}
            listSearch={listSearch}
          />
          <ConversationLabels
            conversationId={conversation.id}
            labelIds={conversation.labelIds}
            labels={labels}
            csrf={root?.csrf ?? ""}
          />
          <p className={`window-pill ${window.open ? "open" : "closed"}`} suppressHydrationWarning>
            {window.open ? `Window open · ${formatDuration(window.msLeft)} left` : "Window closed"}
          </p>
          <HistorySearch find={history.find} />
        </div>
      </header>
      <HistorySearchResults history={history} />
      {contact ? (
        <ContactCard
          contact={contact}
          conversationId={conversation.id}
          csrf={root?.csrf ?? ""}
          limits={limits.contact}
        />
      ) : null}
      {/* Focusable so the keyboard alone can scroll it when no message holds a link or button (WCAG 2.1.1). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to be scrolled by keys */}
      <div className="messages" role="log" aria-live="polite" aria-label="Messages" tabIndex={0}>
        <OlderMessages
          key={`${conversation.id}|${history.newerCursor ?? "latest"}|${history.focusId ?? ""}`}
          conversationId={conversation.id}
          olderCursor={history.olderCursor}
          shown={conversation.messages}
          renderMessage={(message) => <MessageBubble key={message.id} message={message} onRetry={undefined} />}
        />
        {/* Messages and private notes (issue 15) in one timeline; a note is a card of its own, never sent. */}
        {timelineOf(conversation.messages, notes).map((item) =>
          item.note ? (
            <NoteCard
              key={item.note.id}
              note={item.note}
              action={`/inbox/${conversation.id}`}
              csrf={root?.csrf ?? ""}
              limit={limits.note}
            />
          ) : (
            <Fragment key={item.message.id}>
              {item.message.id === firstUnreadId ? <UnreadDivider /> : null}
              <MessageBubble message={item.message} onRetry={retryOf(item.message)} />
            </Fragment>
          ),
        )}
        {pending.map((reply) => (
          <PendingBubble key={reply.form.commandId} reply={reply} projectedCommands={projectedCommands} />
        ))}
        <NewerMessages newerCursor={history.newerCursor} />
        <div ref={end} />
      </div>
      {templateOnly || (showTemplates && !blockedReason) ? (
        <TemplatePicker
          listUrl={`/inbox/${conversation.id}/templates`}
          onSend={sendTemplate}
          onClose={templateOnly ? undefined : () => setShowTemplates(false)}
        />
      ) : null}
      <div id="composer-extras" className={`composer-extras${extrasOpen ? " open" : ""}`}>
        {templateOnly ? null : (
          <AttachmentComposer conversationId={conversation.id} disabled={blockedReason !== null} />
        )}
        {blockedReason ? null : (
          <button
            type="button"
            className="button ghost flush-start extras-templates"
            aria-expanded={showTemplates}
            onClick={() => {
              toggleTemplates();
              setExtrasOpen(false);
            }}
          >
            <LayoutTemplate className="icon" />
            Templates
          </button>
        )}
        <NoteComposer
          action={`/inbox/${conversation.id}`}
          csrf={root?.csrf ?? ""}
          initialKey={noteKey}
          limit={limits.note}
        />
      </div>
      <Composer
        conversationId={conversation.id}
        blockedReason={blockedReason}
        onSend={sendText}
        csrf={root?.csrf ?? ""}
        initialCommandId={replyCommandId}
        fields={replyFields}
        onTemplates={blockedReason ? undefined : toggleTemplates}
        templatesOpen={showTemplates && !blockedReason}
        extras={{ open: extrasOpen, toggle: () => setExtrasOpen((open) => !open) }}
      />
    </article>
  );
}

function MessageBubble({ message, onRetry }: { message: Message; onRetry: (() => void) | undefined }) {
  const outbound = message.direction === "outbound";
  const step = deliveryStepOf(message.status);
  return (
    <div
      className={`bubble-row ${outbound ? "outbound" : "inbound"}`}
      id={messageAnchorOf(message.id)}
      data-kind={message.kind}
    >
      <div className={`bubble ${step === "failed" ? "failed" : ""}`}>
        <QuotedMessage message={message} />
        {message.media.length > 0 && message.kind !== "contacts" ? (
          <MessageMedia messageId={message.id} media={message.media} sticker={message.details?.sticker === true} />
        ) : null}
        <MessageKindContent message={message} />
        {message.body && showsOwnBody(message.kind) ? <MessageText text={message.body} /> : null}
        <p className="bubble-meta">
          {outbound ? <AutomaticMark requestedBy={message.requestedBy} /> : null}
          <ClockTime value={message.sentAt} />
          {outbound ? <Ticks step={step} /> : null}
        </p>
        <CustomerReaction emoji={message.reaction} />
        {outbound && step === "failed" ? (
          <div className="failure" role="status">
            <span>{failureTextOf(message)}</span>
            {onRetry ? (
              <button type="button" className="button small" onClick={onRetry}>
                Retry
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

const TICKS: Record<string, { symbol: ReactNode; label: string }> = {
  pending: { symbol: <Clock3 className="icon" />, label: "Sending" },
  sent: { symbol: "✓", label: "Sent" },
  delivered: { symbol: "✓✓", label: "Delivered" },
  read: { symbol: "✓✓", label: "Read" },
  failed: { symbol: "!", label: "Failed" },
};

function Ticks({ step }: { step: string }) {
  const tick = TICKS[step] ?? { symbol: "", label: step };
  return (
    <span className={`ticks ticks-${step}`} role="img" aria-label={tick.label} title={tick.label} data-status={step}>
      {tick.symbol}
    </span>
  );
}

function PendingBubble({ reply, projectedCommands }: { reply: PendingReply; projectedCommands: Set<unknown> }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string; commandId?: string; retry?: boolean }>({
    key: `reply-${reply.form.commandId}`,
  });
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok;
  // Why it failed, and Send again, are read at once: on a phone they would be below the composer.
  const failure = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failed) failure.current?.scrollIntoView({ block: "nearest" });
  }, [failed]);
  // The server names the command after the org and this page's id (decision 006): that is the id the message carries.
  if (fetcher.data?.commandId && projectedCommands.has(fetcher.data.commandId)) return null;
  return (
    <div className="bubble-row outbound pending">
      <div className={`bubble ${failed ? "failed" : ""}`}>
        <MessageText text={reply.text} />
        <p className="bubble-meta">
          <ClockTime value={new Date(reply.at)} />
          {failed ? <Ticks step="failed" /> : <Ticks step="pending" />}
        </p>
        {failed ? (
          <div className="failure" role="alert" ref={failure}>
            <span>{fetcher.data?.error ?? "Not sent."}</span>
            {fetcher.data?.retry ? (
              <button
                type="button"
                className="button small"
                onClick={() => fetcher.submit(reply.form, { method: "post" })}
              >
                Send again
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function Composer(props: {
  /** Whose draft the box holds: it is kept on this device until sent (conversation/drafts). */
  conversationId: string;
  blockedReason: string | null;
  onSend: (text: string) => void;
  csrf: string;
  initialCommandId: string;
  fields: { commandId: FieldConstraints; text: FieldConstraints };
  /** Opens the template picker (templates are one click away while the window is open). */
  onTemplates?: () => void;
  /** Whether the template picker is open above the composer (the Templates button toggles it). */
  templatesOpen?: boolean;
  /** The phone's + before the text box: it shows the menu of Attach, Templates and a private note. */
  extras: { open: boolean; toggle: () => void };
}) {
  // A count, not a maxLength on the textarea: a paste past the limit is shown, not silently cut.
  const replyLimit = props.fields.text.maxLength ?? Number.POSITIVE_INFINITY;
  const [text, setText] = useDraft(props.conversationId);
  // Counted as the server counts (replyLengthOf in contracts: the trimmed text's UTF-16 length).
  const length = text.trim().length;
  const tooLong = length > replyLimit;
  // Without JavaScript the form posts itself, carrying the commandId the server rendered.
  const [commandId, setCommandId] = useState(props.initialCommandId);
  const input = useRef<HTMLTextAreaElement>(null);
  const disabled = props.blockedReason !== null;
  const savedReplies = useSavedReplyPicker({ text, setText, box: input, disabled });
  const touchKeyboard = useTouchKeyboard();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = text.trim();
    if (!value || disabled || tooLong || savedReplies.holdsSend()) return;
    props.onSend(value);
    setText("");
    setCommandId(newCommandId());
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (savedReplies.onKeyDown(event)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing && !touchKeyboard) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <form method="post" className="composer" onSubmit={onSubmit} aria-label="Reply">
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="intent" value="reply" />
      <input type="hidden" name={props.fields.commandId.name} value={commandId} />
      {disabled ? (
        <p className="composer-blocked" id="composer-blocked" role="note">
          {props.blockedReason}
        </p>
      ) : null}
      {savedReplies.popup}
      <div className="composer-row">
        <button
          type="button"
          className="button ghost extras-toggle"
          aria-expanded={props.extras.open}
          aria-controls="composer-extras"
          onClick={props.extras.toggle}
        >
          <Plus className="icon" />
          <span className="button-label">Attach, template or note</span>
        </button>
        <label htmlFor="reply-text" className="visually-hidden">
          Your reply
        </label>
        <textarea
          id="reply-text"
          ref={input}
          name={props.fields.text.name}
          rows={1}
          placeholder={
            disabled
              ? "Replies are paused"
              : touchKeyboard
                ? "Write a reply…"
                : "Write a reply… (Enter sends, Shift+Enter for a new line)"
          }
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          disabled={disabled}
          aria-describedby={disabled ? "composer-blocked" : "reply-length"}
          aria-invalid={tooLong || undefined}
          {...savedReplies.inputProps}
        />
        {savedReplies.button}
        {props.onTemplates ? (
          <button
            type="button"
            className="button ghost templates-button"
            title="Templates"
            onClick={props.onTemplates}
            aria-expanded={props.templatesOpen === true}
          >
            <LayoutTemplate className="icon" />
            <span className="button-label">Templates</span>
          </button>
        ) : null}
        {/* The titles name the icons to a pointer where a narrow composer shows icons alone (styles.css). */}
        <button
          type="submit"
          className="button primary"
          title="Send"
          disabled={disabled || text.trim() === "" || tooLong}
        >
          <SendHorizontal className="icon" />
          <span className="button-label">Send</span>
        </button>
      </div>
      {disabled ? null : <ReplyLength length={length} limit={replyLimit} />}
    </form>
  );
}

/**
 * The reply's length against Twilio's limit: shown from 90 % on, as a warning, and why Send is off
 * past it. Below that it is only the text box's description (a counter always in view took a
 * phone's line for a limit few replies come near).
 */
function ReplyLength({ length, limit }: { length: number; limit: number }) {
  const over = length - limit;
  const state = over > 0 ? "over" : length >= limit * 0.9 ? "near" : "";
  return (
    <p id="reply-length" className={`composer-count ${state}`} data-state={state || "ok"} hidden={state === ""}>
      <span>
        {length.toLocaleString("en-US")} / {limit.toLocaleString("en-US")}
      </span>
      {over > 0 ? (
        <span role="alert">
          {" "}
          · {over.toLocaleString("en-US")} too many: WhatsApp replies through Twilio hold at most{" "}
          {limit.toLocaleString("en-US")} characters
        </span>
      ) : null}
    </p>
  );
}
