import type { MessageStatusUpdated } from "@cloudpa/contracts";
import { messageWithStatus } from "./conversation-activity.js";
import { hasNul } from "./message-ids.js";
import { statusAdvances } from "./message-status-order.js";
import { type ProjectionResult, type RowChange, type RowLookup, rejected, unchanged } from "./rows.js";

/**
 * Twilio reported a status. It never moves a message backwards; a status for a message
 * not yet projected is kept as pending and applied when the message arrives.
 */
export function projectMessageStatusUpdated(rows: RowLookup, event: MessageStatusUpdated): ProjectionResult {
  if (hasNul(event.errorCode, event.errorMessage)) {
    return rejected("PROJECTION.UNSTORABLE_TEXT", `status of ${event.messageSid} carries a NUL character`);
  }
  const reported = {
    status: event.status,
    errorCode: event.errorCode ?? null,
    errorMessage: event.errorMessage ?? null,
    reportedAt: new Date(event.reportedAt),
  };
  const message = rows.messageBySid(event.orgId, event.messageSid);
  if (!message) {
    const pending = rows.pendingStatus(event.orgId, event.messageSid);
    if (pending && !statusAdvances(pending.status, event.status)) return unchanged;
    return {
      changes: [
        {
          table: "pending_status",
          row: { providerSid: event.messageSid, orgId: event.orgId, conversationId: event.conversationId, ...reported },
        },
      ],
    };
  }
  if (message.orgId !== event.orgId || message.conversationId !== event.conversationId) {
    return rejected(
      "PROJECTION.SID_CONFLICT",
      `status for ${event.messageSid} names conversation ${event.conversationId}, the message is in ${message.conversationId}`,
    );
  }
  const updated = messageWithStatus(message, reported);
  if (updated === message) return unchanged;
  const changes: RowChange[] = [{ table: "message", row: updated }];
  const conversation = rows.conversation(message.conversationId);
  if (conversation && conversation.lastMessageId === message.id) {
    changes.push({ table: "conversation", row: { ...conversation, lastMessageStatus: updated.status } });
  }
  return { changes };
}
