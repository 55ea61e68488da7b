import type { CloudpaEvent } from "@cloudpa/contracts";
import { projectChannelConnected } from "./channel-connected.js";
import { projectChannelDisconnected } from "./channel-disconnected.js";
import { projectContactDetailsUpdated } from "./contact-details.js";
import { projectContactErased } from "./contact-erased.js";
import { projectConversationNote } from "./conversation-notes.js";
import { projectConversationOrganized } from "./conversation-organized.js";
import { projectConversationRead } from "./conversation-read.js";
import { projectInboundMediaStored } from "./inbound-media-stored.js";
import { projectInboundMessageReceived } from "./inbound-message-received.js";
import { projectConversationLabel, projectLabelChanged } from "./label-projections.js";
import { projectMessageStatusUpdated } from "./message-status-updated.js";
import { projectReplyFailed } from "./reply-failed.js";
import { projectReplySent } from "./reply-sent.js";
import type { ProjectionResult, RowLookup } from "./rows.js";
import { projectSavedReply } from "./saved-replies.js";

/** (current rows, event) → row changes, for every event of the stream. */
export function projectEvent(rows: RowLookup, event: CloudpaEvent): ProjectionResult {
  switch (event.type) {
    case "InboundMessageReceived":
      return projectInboundMessageReceived(rows, event);
    case "MessageStatusUpdated":
      return projectMessageStatusUpdated(rows, event);
    case "ReplySent":
      return projectReplySent(rows, event);
    case "ReplyFailed":
      return projectReplyFailed(rows, event);
    case "ConversationRead":
      return projectConversationRead(rows, event);
    case "ChannelConnected":
      return projectChannelConnected(rows, event);
    case "ChannelDisconnected":
      return projectChannelDisconnected(rows, event);
    case "ContactErased":
      return projectContactErased(event);
    case "InboundMediaStored":
      return projectInboundMediaStored(rows, event);
    case "ConversationArchived":
    case "ConversationUnarchived":
    case "ConversationSnoozed":
    case "ConversationPinned":
    case "ConversationUnpinned":
    case "ConversationMarkedUnread":
    case "ConversationMuted":
    case "ConversationUnmuted":
      return projectConversationOrganized(rows, event);
    case "NoteAdded":
    case "NoteEdited":
    case "NoteDeleted":
      return projectConversationNote(rows, event);
    case "ContactDetailsUpdated":
      return projectContactDetailsUpdated(rows, event);
    case "LabelCreated":
    case "LabelRenamed":
    case "LabelRecoloured":
    case "LabelDeleted":
      return projectLabelChanged(rows, event);
    case "ConversationLabelled":
    case "ConversationUnlabelled":
      return projectConversationLabel(rows, event);
    case "SavedReplyCreated":
    case "SavedReplyEdited":
    case "SavedReplyDeleted":
      return projectSavedReply(rows, event);
    default: {
      const unhandled: never = event;
      throw new Error(`no projection for ${(unhandled as { type: string }).type}`);
    }
  }
}
