import type { ChannelDisconnected } from "@cloudpa/contracts";
import { type ProjectionResult, type RowLookup, unchanged } from "./rows.js";

/** A channel was disconnected: kept, inactive, so its conversations still show where they came from. */
export function projectChannelDisconnected(rows: RowLookup, event: ChannelDisconnected): ProjectionResult {
  const known = rows.chatAccount(event.channelId);
  if (!known || known.orgId !== event.orgId || !known.isActive) return unchanged;
  return {
    changes: [
      { table: "chat_account", row: { ...known, isActive: false, disconnectedAt: new Date(event.occurredAt) } },
    ],
  };
}
