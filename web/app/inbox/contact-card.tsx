import { Link, useFetcher } from "@remix-run/react";
import { ClockTime } from "#app/components/time";
import { shownHandle } from "./shown-handle.ts";

/** The contact as the page has it (issue 15). */
export interface ShownContact {
  id: string;
  handle: string;
  profileName: string | null;
  name: string | null;
  email: string | null;
  company: string | null;
  notes: string | null;
  conversations: {
    id: string;
    lastMessageAt: Date | string | null;
    lastMessagePreview: string | null;
    unreadCount: number;
    markedUnread: boolean;
    archivedAt: Date | string | null;
    channelPhone: string | null;
    channelName: string | null;
  }[];
}

export interface ContactLimits {
  name: number;
  email: number;
  company: number;
  notes: number;
}

/**
 * The contact of a conversation (issue 15): the details the freelancer keeps (name, email,
 * company, notes), editable in a plain form (it posts before hydration too), and every
 * conversation the contact has with the org, across its numbers.
 */
export function ContactCard(props: {
  contact: ShownContact;
  conversationId: string;
  csrf: string;
  limits: ContactLimits;
}) {
  const { contact, conversationId, csrf, limits } = props;
  const fetcher = useFetcher<{ ok: boolean; error?: string }>({ key: `contact-${contact.id}` });
  const shownName = contact.name ?? contact.profileName ?? shownHandle(contact.handle);
  const count = contact.conversations.length;
  return (
    <details className="contact-card">
      <summary>
        <span className="contact-card-name">{shownName}</span>
        {contact.company ? <span className="muted"> · {contact.company}</span> : null}
        <span className="muted small">
          {" "}
          · {count} {count === 1 ? "conversation" : "conversations"}
        </span>
      </summary>
      <div className="contact-card-body">
        <section aria-label="Conversations with this contact">
          <h3 className="small">Conversations with this contact</h3>
          <ul className="contact-conversations">
            {contact.conversations.map((conversation) => (
              <li key={conversation.id}>
                {conversation.id === conversationId ? (
                  <span aria-current="page">{channelOf(conversation)} (this one)</span>
                ) : (
                  <Link to={`/inbox/${conversation.id}`}>{channelOf(conversation)}</Link>
                )}
                {conversation.archivedAt ? <span className="muted small"> · archived</span> : null}
                {conversation.markedUnread ? (
                  <span className="muted small"> · marked unread</span>
                ) : conversation.unreadCount > 0 ? (
                  <span className="muted small"> · {conversation.unreadCount} unread</span>
                ) : null}
                {conversation.lastMessageAt ? (
                  <span className="muted small">
                    {" "}
                    · <ClockTime value={conversation.lastMessageAt} />
                  </span>
                ) : null}
                {conversation.lastMessagePreview ? (
                  <span className="muted small contact-conversation-preview"> {conversation.lastMessagePreview}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        <fetcher.Form
          method="post"
          action={`/inbox/${conversationId}`}
          className="contact-form"
          aria-label="Contact details"
        >
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="intent" value="contact-details" />
          <label htmlFor="contact-name">Name</label>
          <input
            id="contact-name"
            name="name"
            defaultValue={contact.name ?? ""}
            placeholder={contact.profileName ?? ""}
            maxLength={limits.name}
          />
          <label htmlFor="contact-email">Email</label>
          <input
            id="contact-email"
            name="email"
            type="email"
            defaultValue={contact.email ?? ""}
            maxLength={limits.email}
          />
          <label htmlFor="contact-company">Company</label>
          <input id="contact-company" name="company" defaultValue={contact.company ?? ""} maxLength={limits.company} />
          <label htmlFor="contact-notes">Notes</label>
          <textarea
            id="contact-notes"
            name="notes"
            defaultValue={contact.notes ?? ""}
            maxLength={limits.notes}
            rows={3}
          />
          <button type="submit" className="button small" disabled={fetcher.state !== "idle"}>
            Save contact
          </button>
          {fetcher.data && !fetcher.data.ok ? (
            <p className="form-error" role="alert">
              {fetcher.data.error ?? "The details were not saved"}
            </p>
          ) : null}
          {fetcher.data?.ok ? (
            <p className="muted small" role="status">
              Saved.
            </p>
          ) : null}
        </fetcher.Form>
      </div>
    </details>
  );
}

function channelOf(conversation: ShownContact["conversations"][number]): string {
  const phone = conversation.channelPhone ? shownHandle(conversation.channelPhone) : "a disconnected number";
  return conversation.channelName ? `${conversation.channelName} (${phone})` : phone;
}
