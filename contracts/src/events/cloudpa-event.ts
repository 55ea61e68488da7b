import { z } from "zod";
import { channelConnectedSchema } from "./channel-connected.js";
import { channelDisconnectedSchema } from "./channel-disconnected.js";
import { contactDetailsUpdatedSchema } from "./contact-details.js";
import { contactErasedSchema } from "./contact-erased.js";
import { noteAddedSchema, noteDeletedSchema, noteEditedSchema } from "./conversation-notes.js";
import {
  conversationArchivedSchema,
  conversationMarkedUnreadSchema,
  conversationMutedSchema,
  conversationPinnedSchema,
  conversationSnoozedSchema,
  conversationUnarchivedSchema,
  conversationUnmutedSchema,
  conversationUnpinnedSchema,
} from "./conversation-organized.js";
import { conversationReadSchema } from "./conversation-read.js";
import { inboundMediaStoredSchema } from "./inbound-media-stored.js";
import { inboundMessageReceivedSchema } from "./inbound-message-received.js";
import {
  conversationLabelledSchema,
  conversationUnlabelledSchema,
  labelCreatedSchema,
  labelDeletedSchema,
  labelRecolouredSchema,
  labelRenamedSchema,
} from "./label-events.js";
import { messageStatusUpdatedSchema } from "./message-status-updated.js";
import { replyFailedSchema } from "./reply-failed.js";
import { replySentSchema } from "./reply-sent.js";
import { savedReplyCreatedSchema, savedReplyDeletedSchema, savedReplyEditedSchema } from "./saved-reply-events.js";

export const cloudpaEventSchema = z.discriminatedUnion("type", [
  inboundMessageReceivedSchema,
  messageStatusUpdatedSchema,
  replySentSchema,
  replyFailedSchema,
  conversationReadSchema,
  channelConnectedSchema,
  channelDisconnectedSchema,
  contactErasedSchema,
  inboundMediaStoredSchema,
  conversationArchivedSchema,
  conversationUnarchivedSchema,
  conversationSnoozedSchema,
  conversationPinnedSchema,
  conversationUnpinnedSchema,
  conversationMarkedUnreadSchema,
  conversationMutedSchema,
  conversationUnmutedSchema,
  noteAddedSchema,
  noteEditedSchema,
  noteDeletedSchema,
  contactDetailsUpdatedSchema,
  labelCreatedSchema,
  labelRenamedSchema,
  labelRecolouredSchema,
  labelDeletedSchema,
  conversationLabelledSchema,
  conversationUnlabelledSchema,
  savedReplyCreatedSchema,
  savedReplyEditedSchema,
  savedReplyDeletedSchema,
]);
export type CloudpaEvent = z.infer<typeof cloudpaEventSchema>;
export type CloudpaEventType = CloudpaEvent["type"];
