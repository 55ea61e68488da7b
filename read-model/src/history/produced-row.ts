import type { CloudpaEvent } from "@cloudpa/contracts";
import type { MessageRecord, RowLookup, RowPut } from "../projections/rows.js";

/** The read-model row an event produced, as it stands now: a row as a projection puts it. */
export type ProducedRow = RowPut;

const ofOrg = <R extends { orgId: string }>(orgId: string, row: R | undefined) =>
  row?.orgId === orgId ? row : undefined;

/**
 * Where the projection put an event: the message a message event made or updated (a status
 * whose message is not projected yet waits in `pending_status`), the conversation a read
 * marked, the channel a channel event changed. Undefined when no such row exists (not
 * projected yet, or set aside). Rows are found within the event's own org only.
 */
export function producedRowOf(event: CloudpaEvent, rows: RowLookup): ProducedRow | undefined {
  const message = (row: MessageRecord | undefined) => (row ? { table: "message" as const, row } : undefined);
  switch (event.type) {
    case "InboundMessageReceived":
    case "InboundMediaStored":
      return message(rows.messageBySid(event.orgId, event.messageSid));
    case "MessageStatusUpdated": {
      const pending = rows.pendingStatus(event.orgId, event.messageSid);
      return (
        message(rows.messageBySid(event.orgId, event.messageSid)) ??
        (pending ? { table: "pending_status", row: pending } : undefined)
      );
    }
    case "ReplySent":
      return message(
        ofOrg(event.orgId, rows.message(event.commandId)) ?? rows.messageBySid(event.orgId, event.messageSid),
      );
    case "ReplyFailed":
      return message(ofOrg(event.orgId, rows.message(event.commandId)));
    case "ConversationRead":
    case "ConversationArchived":
    case "ConversationUnarchived":
    case "ConversationSnoozed":
    case "ConversationPinned":
    case "ConversationUnpinned":
    case "ConversationMarkedUnread":
    case "ConversationMuted":
    case "ConversationUnmuted":
    case "ConversationLabelled":
    case "ConversationUnlabelled": {
      const row = ofOrg(event.orgId, rows.conversation(event.conversationId));
      return row ? { table: "conversation", row } : undefined;
    }
    case "NoteAdded":
    case "NoteEdited":
    case "NoteDeleted": {
      const row = ofOrg(event.orgId, rows.note(event.noteId));
      return row ? { table: "conversation_note", row } : undefined;
    }
    case "ContactDetailsUpdated": {
      const row = ofOrg(event.orgId, rows.contact(event.contactId));
      return row ? { table: "contact", row } : undefined;
    }
    case "LabelCreated":
    case "LabelRenamed":
    case "LabelRecoloured":
    case "LabelDeleted": {
      const row = ofOrg(event.orgId, rows.label(event.labelId));
      return row ? { table: "label", row } : undefined;
    }
    case "SavedReplyCreated":
    case "SavedReplyEdited":
    case "SavedReplyDeleted": {
      const row = ofOrg(event.orgId, rows.savedReply(event.savedReplyId));
      return row ? { table: "saved_reply", row } : undefined;
    }
    case "ChannelConnected":
    case "ChannelDisconnected": {
      const row = ofOrg(event.orgId, rows.chatAccount(event.channelId));
      return row ? { table: "chat_account", row } : undefined;
    }
    case "ContactErased":
      // Its rows are deleted: what remains of the contact is this event.
      return undefined;
    default: {
      const unhandled: never = event;
      throw new Error(`no produced row for ${(unhandled as { type: string }).type}`);
    }
  }
}
