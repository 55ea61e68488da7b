import type { ChannelConnected } from "@cloudpa/contracts";
import { hasNul } from "./message-ids.js";
import { type ProjectionResult, type RowLookup, rejected } from "./rows.js";

/** A channel was connected (or reconnected): its chat_account row, active. */
export function projectChannelConnected(rows: RowLookup, event: ChannelConnected): ProjectionResult {
  if (hasNul(event.displayName))
    return rejected("PROJECTION.UNSTORABLE_TEXT", `channel ${event.channelId} name has NUL`);
  const sameNumber = rows.chatAccountByPhone(event.orgId, event.provider, event.externalPhoneId);
  if (sameNumber && sameNumber.id !== event.channelId) {
    return rejected(
      "PROJECTION.CHANNEL_CONFLICT",
      `number ${event.externalPhoneId} of org ${event.orgId} is already channel ${sameNumber.id}`,
    );
  }
  const known = rows.chatAccount(event.channelId);
  if (known && known.orgId !== event.orgId) {
    return rejected("PROJECTION.CHANNEL_CONFLICT", `channel ${event.channelId} belongs to another org`);
  }
  return {
    changes: [
      {
        table: "chat_account",
        row: {
          id: event.channelId,
          orgId: event.orgId,
          provider: event.provider,
          externalPhoneId: event.externalPhoneId,
          accountSid: event.accountSid,
          displayName: event.displayName ?? known?.displayName ?? null,
          isActive: true,
          connectedAt: new Date(event.occurredAt),
          disconnectedAt: null,
        },
      },
    ],
  };
}
