import type { ReplySent } from "@cloudpa/contracts";
import { conversationWithMessage, withPendingStatus } from "./conversation-activity.js";
import { conversationForReply } from "./conversation-for-reply.js";
import { hasNul, outboundKindOf } from "./message-ids.js";
import { type ProjectionResult, type RowLookup, rejected, unchanged } from "./rows.js";
import { storedMediaItems } from "./stored-media.js";

/** Twilio accepted a reply: an outbound message (id = commandId) with Twilio's status. */
export function projectReplySent(rows: RowLookup, event: ReplySent): ProjectionResult {
  if (hasNul(event.body))
    return rejected("PROJECTION.UNSTORABLE_TEXT", `reply ${event.commandId} carries a NUL character`);
  const known = rows.message(event.commandId);
  if (known) {
    if (known.orgId === event.orgId) return unchanged;
    return rejected("PROJECTION.COMMAND_CONFLICT", `reply ${event.commandId} names a message of another org`);
  }
  const sidOwner = rows.messageBySid(event.orgId, event.messageSid);
  if (sidOwner) {
    return rejected(
      "PROJECTION.SID_CONFLICT",
      `MessageSid ${event.messageSid} already belongs to message ${sidOwner.id}`,
    );
  }
  const sentAt = new Date(event.sentAt);
  const target = conversationForReply(rows, { ...event, at: sentAt }, "reply");
  if ("rejected" in target) return target;
  const { conversation, changes } = target;
  const { message, changes: pendingChanges } = withPendingStatus(rows, {
    id: event.commandId,
    orgId: event.orgId,
    conversationId: event.conversationId,
    direction: "outbound",
    providerSid: event.messageSid,
    commandId: event.commandId,
    body: event.body,
    media: storedMediaItems(event.media),
    ...outboundKindOf(event),
    status: event.status,
    errorCode: null,
    errorMessage: null,
    failureReason: null,
    requestedBy: event.requestedBy,
    sentAt,
    statusAt: null,
  });
  changes.push(
    { table: "conversation", row: conversationWithMessage(conversation, message) },
    { table: "message", row: message },
    ...pendingChanges,
  );
  return { changes };
}
