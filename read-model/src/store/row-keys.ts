import type { CloudpaEvent } from "@cloudpa/contracts";
import { inboundMessageIdFor, sidKeyOf } from "../projections/message-ids.js";
import { recentContactIdFor } from "../projections/recent-ids.js";

/** The keys of the rows a batch of events reads, so they can be loaded in a few queries. */
export interface RowKeys {
  chatAccountIds: Set<string>;
  phones: Map<string, { orgId: string; provider: string; externalPhoneId: string }>;
  contactIds: Set<string>;
  conversationIds: Set<string>;
  labelIds: Set<string>;
  noteIds: Set<string>;
  savedReplyIds: Set<string>;
  messageIds: Set<string>;
  /**
   * MessageSids with their org, by `sidKeyOf`: the rows are loaded by (org, MessageSid), the key
   * of their unique index (a MessageSid alone is indexed nowhere: a scan of every message).
   */
  providerSids: Map<string, { orgId: string; providerSid: string }>;
}

function addSid(keys: RowKeys, orgId: string, providerSid: string): void {
  keys.providerSids.set(sidKeyOf(orgId, providerSid), { orgId, providerSid });
}

export function emptyRowKeys(): RowKeys {
  return {
    chatAccountIds: new Set(),
    phones: new Map(),
    contactIds: new Set(),
    conversationIds: new Set(),
    labelIds: new Set(),
    noteIds: new Set(),
    savedReplyIds: new Set(),
    messageIds: new Set(),
    providerSids: new Map(),
  };
}

export function addRowKeysOf(keys: RowKeys, event: CloudpaEvent): RowKeys {
  switch (event.type) {
    case "InboundMessageReceived":
      addSid(keys, event.orgId, event.messageSid);
      keys.messageIds.add(inboundMessageIdFor(event.orgId, event.messageSid));
      keys.contactIds.add(recentContactIdFor(event.orgId, event.from));
      keys.conversationIds.add(event.conversationId);
      // A reaction attaches to the message it reacts to (decision 023), which it reads by MessageSid.
      if (event.repliedToMessageSid && event.messageType?.toLowerCase() === "reaction") {
        addSid(keys, event.orgId, event.repliedToMessageSid);
      }
      return keys;
    case "MessageStatusUpdated":
      addSid(keys, event.orgId, event.messageSid);
      keys.conversationIds.add(event.conversationId);
      return keys;
    case "ReplySent":
      keys.messageIds.add(event.commandId);
      addSid(keys, event.orgId, event.messageSid);
      keys.contactIds.add(recentContactIdFor(event.orgId, event.to));
      keys.conversationIds.add(event.conversationId);
      return keys;
    case "ReplyFailed":
      keys.messageIds.add(event.commandId);
      keys.conversationIds.add(event.conversationId);
      // A failure that names its customer makes the contact when it is unknown, so it must see a known one.
      if (event.to) keys.contactIds.add(recentContactIdFor(event.orgId, event.to));
      return keys;
    case "ConversationRead":
    case "ConversationArchived":
    case "ConversationUnarchived":
    case "ConversationSnoozed":
    case "ConversationPinned":
    case "ConversationUnpinned":
    case "ConversationMarkedUnread":
    case "ConversationMuted":
    case "ConversationUnmuted":
      keys.conversationIds.add(event.conversationId);
      return keys;
    case "NoteAdded":
    case "NoteEdited":
    case "NoteDeleted":
      keys.noteIds.add(event.noteId);
      keys.conversationIds.add(event.conversationId);
      return keys;
    case "ContactDetailsUpdated":
      keys.contactIds.add(event.contactId);
      keys.conversationIds.add(event.conversationId);
      for (const conversationId of event.conversationIds) keys.conversationIds.add(conversationId);
      return keys;
    case "LabelCreated":
    case "LabelRenamed":
    case "LabelRecoloured":
    case "LabelDeleted":
      // A deleted label's conversations are changed in SQL (and in memory when a batch holds them).
      keys.labelIds.add(event.labelId);
      return keys;
    case "ConversationLabelled":
    case "ConversationUnlabelled":
      keys.labelIds.add(event.labelId);
      keys.conversationIds.add(event.conversationId);
      return keys;
    case "SavedReplyCreated":
    case "SavedReplyEdited":
    case "SavedReplyDeleted":
      keys.savedReplyIds.add(event.savedReplyId);
      return keys;
    case "InboundMediaStored":
      addSid(keys, event.orgId, event.messageSid);
      keys.messageIds.add(inboundMessageIdFor(event.orgId, event.messageSid));
      return keys;
    case "ChannelConnected":
      keys.chatAccountIds.add(event.channelId);
      keys.phones.set(`${event.orgId}|${event.provider}|${event.externalPhoneId}`, {
        orgId: event.orgId,
        provider: event.provider,
        externalPhoneId: event.externalPhoneId,
      });
      return keys;
    case "ChannelDisconnected":
      keys.chatAccountIds.add(event.channelId);
      return keys;
    case "ContactErased":
      // Its rows are deleted by key in SQL; loading them only lets the batch's later events see them gone.
      keys.contactIds.add(event.contactId);
      for (const conversationId of event.conversationIds) keys.conversationIds.add(conversationId);
      return keys;
    default: {
      const unhandled: never = event;
      throw new Error(`no row keys for ${(unhandled as { type: string }).type}`);
    }
  }
}
