import type { InboundMediaStored } from "@cloudpa/contracts";
import { type ProjectionResult, type RowLookup, rejected, unchanged } from "./rows.js";

/**
 * A customer's media was kept in the media Object Store (decision 021): each kept item of the
 * message gains its stored copy (mediaId, size, name), which the inbox then serves instead of
 * fetching Twilio. Twilio's URL stays beside it. A message that is gone (erased) changes nothing.
 */
export function projectInboundMediaStored(rows: RowLookup, event: InboundMediaStored): ProjectionResult {
  const message = rows.messageBySid(event.orgId, event.messageSid);
  if (!message) return unchanged;
  if (message.conversationId !== event.conversationId)
    return rejected(
      "PROJECTION.SID_CONFLICT",
      `kept media of ${event.messageSid} names conversation ${event.conversationId}, the message is in ${message.conversationId}`,
    );
  const media = message.media.map((item, index) => {
    const kept = event.items.find((stored) => stored.index === index);
    return kept ? { ...item, mediaId: kept.mediaId, size: kept.size, name: kept.name } : item;
  });
  return { changes: [{ table: "message", row: { ...message, media } }] };
}
