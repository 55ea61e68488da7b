import {
  type CloudpaEvent,
  inboundKindOf,
  kindPreviewOf,
  type PreviewedMedia,
  parseEventSubject,
  previewOf,
} from "@cloudpa/contracts";
import type { ConversationRecord } from "../projections/rows.js";
import type { CheckedEvent } from "./checked-event.js";
import type { HistoryEntry } from "./conversation-history.js";
import type { ProducedRow } from "./produced-row.js";

const PREVIEW_LENGTH = 60;

/** A message body (or, without text, what its media are) as one short quoted line. */
export function bodyPreview(body: string, media: readonly PreviewedMedia[] = []): string {
  const text = previewOf(body, media);
  return JSON.stringify(text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text);
}

/** The first block of a UUID: enough to tell ids apart on one line. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** What an event says, in one line: who wrote what, which status, why a reply failed. */
export function eventSummaryOf(event: CloudpaEvent): string {
  switch (event.type) {
    case "InboundMessageReceived": {
      // A location, contact, button reply… says what it is (decision 023); text and media show their body.
      const { kind, details } = inboundKindOf(event);
      const what = kindPreviewOf(kind, details);
      const shown = what === undefined ? bodyPreview(event.body, event.media) : JSON.stringify(what);
      return `from ${event.from}${event.profileName ? ` (${event.profileName})` : ""}: ${shown} ${event.messageSid}`;
    }
    case "MessageStatusUpdated":
      return `${event.messageSid} → ${event.status}${event.errorCode ? ` (error ${event.errorCode})` : ""}`;
    case "ReplySent":
      return `to ${event.to}: ${bodyPreview(event.body)} ${event.messageSid} ${event.status}`;
    case "ReplyFailed":
      return `${event.reason}${event.errorCode ? ` (error ${event.errorCode})` : ""}: ${bodyPreview(event.body)} command ${shortId(event.commandId)}`;
    case "ConversationRead":
      return `read by ${event.readBy}`;
    case "ConversationArchived":
      return `archived by ${event.by}`;
    case "ConversationUnarchived":
      return `unarchived by ${event.by}`;
    case "ConversationSnoozed":
      return `snoozed until ${event.until} by ${event.by}`;
    case "ConversationPinned":
      return `pinned by ${event.by}`;
    case "ConversationUnpinned":
      return `unpinned by ${event.by}`;
    case "ConversationMarkedUnread":
      return `marked unread by ${event.by}`;
    case "ConversationMuted":
      return `muted by ${event.by}`;
    case "ConversationUnmuted":
      return `unmuted by ${event.by}`;
    case "NoteAdded":
      return `note ${shortId(event.noteId)} added by ${event.by}`;
    case "NoteEdited":
      return `note ${shortId(event.noteId)} edited by ${event.by}`;
    case "NoteDeleted":
      return `note ${shortId(event.noteId)} deleted by ${event.by}`;
    case "ContactDetailsUpdated":
      return `contact ${shortId(event.contactId)} details set by ${event.by}`;
    case "LabelCreated":
      return `label ${shortId(event.labelId)} ${JSON.stringify(event.name)} (${event.colour}) created by ${event.by}`;
    case "LabelRenamed":
      return `label ${shortId(event.labelId)} renamed ${JSON.stringify(event.name)} by ${event.by}`;
    case "LabelRecoloured":
      return `label ${shortId(event.labelId)} coloured ${event.colour} by ${event.by}`;
    case "LabelDeleted":
      return `label ${shortId(event.labelId)} deleted by ${event.by}`;
    case "ConversationLabelled":
      return `label ${shortId(event.labelId)} put on by ${event.by}`;
    case "ConversationUnlabelled":
      return `label ${shortId(event.labelId)} taken off by ${event.by}`;
    case "SavedReplyCreated":
      return `saved reply ${shortId(event.savedReplyId)} /${event.shortcut} created by ${event.by}`;
    case "SavedReplyEdited":
      return `saved reply ${shortId(event.savedReplyId)} /${event.shortcut} edited by ${event.by}`;
    case "SavedReplyDeleted":
      return `saved reply ${shortId(event.savedReplyId)} deleted by ${event.by}`;
    case "ChannelConnected":
      return `${event.externalPhoneId} connected by ${event.connectedBy}`;
    case "ChannelDisconnected":
      return `channel ${shortId(event.channelId)} disconnected`;
    case "InboundMediaStored":
      return `${event.messageSid}: ${event.items.length} media kept`;
    case "ContactErased":
      return `contact ${shortId(event.contactId)} erased: ${event.erased.events} events, ${event.conversationIds.length} conversations`;
    default: {
      const unhandled: never = event;
      throw new Error(`no summary for ${(unhandled as { type: string }).type}`);
    }
  }
}

/** The event type, or what the payload claims it is when the envelope did not check out. */
export function typeOf(checked: CheckedEvent): string {
  if (checked.event) return checked.event.type;
  const claimed = (checked.payload as { type?: unknown } | null)?.type;
  return typeof claimed === "string" ? `${claimed}?` : "unreadable";
}

/**
 * The org and what the event is about, from its subject in either format
 * (`<ns>.evt.p<k>.<orgId>.<conversationId|channel|contact|label|saved_reply>…`, or without `p<k>` from before
 * partitions; `parseEventSubject`). Empty for a subject that is not an event's.
 */
export function subjectPartsOf(subject: string): { orgId: string; about: string } {
  const parts = parseEventSubject(subject);
  if (parts === null) return { orgId: "", about: "" };
  const { about } = parts;
  const what =
    about.kind === "conversation"
      ? about.conversationId
      : about.kind === "channel"
        ? `channel ${about.channelId}`
        : about.kind === "label"
          ? `label ${about.labelId}`
          : about.kind === "saved_reply"
            ? `saved reply ${about.savedReplyId}`
            : `contact ${about.contactId}`;
  return { orgId: parts.orgId, about: what };
}

/** One line of what a read-model row holds now. */
export function rowSummaryOf(produced: ProducedRow): string {
  switch (produced.table) {
    case "message": {
      const m = produced.row;
      const failure = m.failureReason ? `, ${m.failureReason}` : m.errorCode ? `, error ${m.errorCode}` : "";
      return `message ${shortId(m.id)} ${m.direction} ${m.status}${failure}, sent ${m.sentAt.toISOString()}: ${bodyPreview(m.body, m.media)}`;
    }
    case "pending_status":
      return `pending status ${produced.row.status} for ${produced.row.providerSid} (its message is not in the read model)`;
    case "conversation":
      return conversationSummaryOf(produced.row);
    case "chat_account":
      return `channel ${produced.row.externalPhoneId} ${produced.row.isActive ? "active" : "inactive"}`;
    case "conversation_note": {
      // A private note's text stays private: the operator sees that it exists and who wrote it.
      const n = produced.row;
      return `note ${shortId(n.id)} by ${n.authorId}, ${n.deletedAt ? `deleted ${n.deletedAt.toISOString()}` : `written ${n.createdAt.toISOString()}${n.editedAt ? ", edited" : ""}`}`;
    }
    case "contact": {
      const c = produced.row;
      const set = (["name", "email", "company", "notes"] as const).filter((field) => c[field] !== null);
      return `contact ${shortId(c.id)} (${c.handle}), details set: ${set.length > 0 ? set.join(", ") : "none"}`;
    }
    case "label":
      return `label ${shortId(produced.row.id)} ${JSON.stringify(produced.row.name)} (${produced.row.colour})`;
    case "saved_reply": {
      const r = produced.row;
      return `saved reply ${shortId(r.id)} /${r.shortcut} ${JSON.stringify(r.name)}${r.deletedAt ? `, deleted ${r.deletedAt.toISOString()}` : r.editedAt ? ", edited" : ""}`;
    }
    default: {
      const unhandled: never = produced;
      throw new Error(`no summary for ${(unhandled as { table: string }).table}`);
    }
  }
}

export function conversationSummaryOf(c: ConversationRecord): string {
  const last = c.lastMessageAt ? `last message ${c.lastMessageAt.toISOString()}` : "no message yet";
  const preview = c.lastMessagePreview === null ? "" : ` ${JSON.stringify(c.lastMessagePreview)}`;
  return `conversation ${shortId(c.id)} with ${c.contactDisplayName} (${c.contactHandle}), ${c.status}, ${c.markedUnread ? "marked unread" : `${c.unreadCount} unread`}, ${c.muted ? "muted, " : ""}${last}${preview}`;
}

export type OutcomeKind = "quarantined" | "not_projected" | "row" | "untrusted" | "no_row";

/** What became of an event in the read model: the row it produced now, or why there is none. */
export function outcomeOf(entry: HistoryEntry, checkpoint: number): { kind: OutcomeKind; text: string } {
  if (entry.quarantine) {
    return { kind: "quarantined", text: `quarantined ${entry.quarantine.reasonCode}: ${entry.quarantine.reason}` };
  }
  if (!entry.projected) return { kind: "not_projected", text: `not projected yet (read model at ${checkpoint})` };
  if (entry.row) return { kind: "row", text: rowSummaryOf(entry.row) };
  if (!entry.event) return { kind: "untrusted", text: "not trusted, and not in quarantine" };
  return { kind: "no_row", text: "no row in the read model for it" };
}
