import type { ReplyFailed } from "@cloudpa/contracts";
import { conversationWithMessage } from "./conversation-activity.js";
import { conversationForReply } from "./conversation-for-reply.js";
import { hasNul, outboundKindOf } from "./message-ids.js";
import {
  type MessageRecord,
  type ProjectionResult,
  type RowChange,
  type RowLookup,
  rejected,
  unchanged,
} from "./rows.js";
import { storedMediaItems } from "./stored-media.js";

/**
 * A reply was not sent: a failed outbound message with its reason, so the inbox shows it
 * with Retry; a template stays a template (its sid and variables, the body its rendered text),
 * as ReplySent makes it, and failures from before they carried one stay text. It has no
 * MessageSid (Twilio never took it). A failure that names its customer and channel (Twilio
 * refused it, or the org's number was disconnected) makes the conversation when it is the first
 * message, like ReplySent; one that does not (older events, other refusals before Twilio) only
 * updates a known one.
 */
export function projectReplyFailed(rows: RowLookup, event: ReplyFailed): ProjectionResult {
  if (hasNul(event.body, event.errorMessage, event.errorCode)) {
    return rejected("PROJECTION.UNSTORABLE_TEXT", `failed reply ${event.commandId} carries a NUL character`);
  }
  const known = rows.message(event.commandId);
  if (known) {
    if (known.orgId === event.orgId) return unchanged;
    return rejected("PROJECTION.COMMAND_CONFLICT", `failed reply ${event.commandId} names a message of another org`);
  }
  const failedAt = new Date(event.failedAt);
  const message: MessageRecord = {
    id: event.commandId,
    orgId: event.orgId,
    conversationId: event.conversationId,
    direction: "outbound",
    providerSid: null,
    commandId: event.commandId,
    body: event.body,
    media: storedMediaItems(event.media),
    ...outboundKindOf(event),
    status: "failed",
    errorCode: event.errorCode ?? null,
    errorMessage: event.errorMessage,
    failureReason: event.reason,
    requestedBy: event.requestedBy,
    sentAt: failedAt,
    statusAt: failedAt,
  };
  if (event.channelId && event.to) {
    const target = conversationForReply(
      rows,
      { ...event, channelId: event.channelId, to: event.to, at: failedAt },
      "failed reply",
    );
    if ("rejected" in target) return target;
    return {
      changes: [
        ...target.changes,
        { table: "conversation", row: conversationWithMessage(target.conversation, message) },
        { table: "message", row: message },
      ],
    };
  }
  const conversation = rows.conversation(event.conversationId);
  if (conversation && conversation.orgId !== event.orgId) {
    return rejected(
      "PROJECTION.CONVERSATION_CONFLICT",
      `failed reply ${event.commandId} names conversation ${event.conversationId} of another org`,
    );
  }
  const changes: RowChange[] = [{ table: "message", row: message }];
  if (conversation) changes.push({ table: "conversation", row: conversationWithMessage(conversation, message) });
  return { changes };
}
