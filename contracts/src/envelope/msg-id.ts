import type { CloudpaCommand } from "../commands/send-reply.js";
import type { CloudpaEvent, CloudpaEventType } from "../events/cloudpa-event.js";
import { CONTACT_ERASED_KIND, contactErasedSubject } from "../events/contact-erased.js";
import { LABEL_EVENT_KINDS, type LabelEventKind, labelEventSubject } from "../events/label-events.js";
import {
  SAVED_REPLY_EVENT_KINDS,
  type SavedReplyEventKind,
  savedReplyEventSubject,
} from "../events/saved-reply-events.js";
import type { ChannelEventKind, CloudpaNames, ConversationEventKind } from "../names.js";

/**
 * `Nats-Msg-Id` of each message (docs/design-additions.md): JetStream drops a repeat within its
 * duplicate window. Every id that stands for an outside or client-chosen key (a MessageSid, a
 * commandId) carries the org, so one org can never make another's message a duplicate
 * (decision 006).
 */
export function msgIdOf(message: CloudpaEvent | CloudpaCommand): string {
  switch (message.type) {
    case "InboundMessageReceived":
      return `in:${message.orgId}:${message.messageSid}`;
    case "MessageStatusUpdated":
      return `st:${message.orgId}:${message.messageSid}:${message.status}`;
    case "ReplySent":
    case "ReplyFailed":
      return `out:${message.orgId}:${message.commandId}`;
    case "SendReply":
      return `cmd:${message.orgId}:${message.commandId}`;
    case "ConversationRead":
      return `read:${message.eventId}`;
    case "ConversationArchived":
    case "ConversationUnarchived":
    case "ConversationSnoozed":
    case "ConversationPinned":
    case "ConversationUnpinned":
    case "ConversationMarkedUnread":
    case "ConversationMuted":
    case "ConversationUnmuted":
    case "LabelCreated":
    case "LabelRenamed":
    case "LabelRecoloured":
    case "LabelDeleted":
    case "ConversationLabelled":
    case "ConversationUnlabelled":
    case "NoteAdded":
    case "NoteEdited":
    case "NoteDeleted":
    case "ContactDetailsUpdated":
    case "SavedReplyCreated":
    case "SavedReplyEdited":
    case "SavedReplyDeleted":
      return `org:${message.eventId}`;
    case "ChannelConnected":
    case "ChannelDisconnected":
      return `ch:${message.eventId}`;
    case "ContactErased":
      return `erase:${message.eventId}`;
    case "InboundMediaStored":
      return `media:${message.orgId}:${message.messageSid}`;
    default: {
      const unhandled: never = message;
      throw new Error(`no msg id for ${(unhandled as { type: string }).type}`);
    }
  }
}

/**
 * The id an inbound message was stored with before ids carried the org. Events in the stream
 * keep their ids, so whoever looks a stored message up by id (reconcile) accepts either.
 */
export function legacyInboundMsgIdOf(message: { messageSid: string }): string {
  return `in:${message.messageSid}`;
}

const SUBJECT_KIND = {
  InboundMessageReceived: "inbound_received",
  MessageStatusUpdated: "status_updated",
  ReplySent: "reply_sent",
  ReplyFailed: "reply_failed",
  ConversationRead: "conversation_read",
  ChannelConnected: "channel_connected",
  ChannelDisconnected: "channel_disconnected",
  ContactErased: CONTACT_ERASED_KIND,
  InboundMediaStored: "inbound_media_stored",
  ConversationArchived: "conversation_archived",
  ConversationUnarchived: "conversation_unarchived",
  ConversationSnoozed: "conversation_snoozed",
  ConversationPinned: "conversation_pinned",
  ConversationUnpinned: "conversation_unpinned",
  ConversationMarkedUnread: "conversation_marked_unread",
  ConversationMuted: "conversation_muted",
  ConversationUnmuted: "conversation_unmuted",
  ...LABEL_EVENT_KINDS,
  ConversationLabelled: "conversation_labelled",
  ConversationUnlabelled: "conversation_unlabelled",
  NoteAdded: "note_added",
  NoteEdited: "note_edited",
  NoteDeleted: "note_deleted",
  ContactDetailsUpdated: "contact_details_updated",
  ...SAVED_REPLY_EVENT_KINDS,
} as const satisfies Record<
  CloudpaEventType,
  ConversationEventKind | ChannelEventKind | typeof CONTACT_ERASED_KIND | LabelEventKind | SavedReplyEventKind
>;

/** The last token of an event type's subject (`inbound_received`…): what a subject filter by type matches. */
export function subjectKindOf(
  type: CloudpaEventType,
): ConversationEventKind | ChannelEventKind | typeof CONTACT_ERASED_KIND | LabelEventKind | SavedReplyEventKind {
  return SUBJECT_KIND[type];
}

/** The subject a message is published on. */
export function subjectOf(names: CloudpaNames, message: CloudpaEvent | CloudpaCommand): string {
  switch (message.type) {
    case "InboundMessageReceived":
    case "MessageStatusUpdated":
    case "ReplySent":
    case "ReplyFailed":
    case "ConversationRead":
    case "InboundMediaStored":
    case "ConversationArchived":
    case "ConversationUnarchived":
    case "ConversationSnoozed":
    case "ConversationPinned":
    case "ConversationUnpinned":
    case "ConversationMarkedUnread":
    case "ConversationMuted":
    case "ConversationUnmuted":
    case "ConversationLabelled":
    case "ConversationUnlabelled":
    case "NoteAdded":
    case "NoteEdited":
    case "NoteDeleted":
    case "ContactDetailsUpdated":
      return names.conversationEventSubject(message.orgId, message.conversationId, SUBJECT_KIND[message.type]);
    case "ChannelConnected":
    case "ChannelDisconnected":
      return names.channelEventSubject(message.orgId, message.channelId, SUBJECT_KIND[message.type]);
    case "ContactErased":
      return contactErasedSubject(names, message.orgId, message.contactId);
    case "LabelCreated":
    case "LabelRenamed":
    case "LabelRecoloured":
    case "LabelDeleted":
      return labelEventSubject(names, message.orgId, message.labelId, SUBJECT_KIND[message.type]);
    case "SavedReplyCreated":
    case "SavedReplyEdited":
    case "SavedReplyDeleted":
      return savedReplyEventSubject(names, message.orgId, message.savedReplyId, SUBJECT_KIND[message.type]);
    case "SendReply":
      return names.sendReplySubject(message.orgId);
    default: {
      const unhandled: never = message;
      throw new Error(`no subject for ${(unhandled as { type: string }).type}`);
    }
  }
}
