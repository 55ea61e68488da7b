import type { ChannelRegistry, Channel as RegisteredChannel } from "@cloudpa/kit";

/** A WhatsApp number the outbound may send from: a reply needs the channel's Twilio account. */
export interface Channel extends RegisteredChannel {
  accountSid: string;
}

/** What the outbound knows of a number: a channel (active or not), or a record whose token cannot be opened. */
export type ChannelLookup =
  | { kind: "found"; channel: Channel }
  | { kind: "unreadable"; channelId: string; orgId: string }
  | { kind: "unknown" };

/**
 * Looks a number up in the shared registry. An inactive channel is "found": the decider turns
 * it into ReplyFailed channel_inactive. An env channel without TWILIO_ACCOUNT_SID cannot send.
 */
export function lookupChannel(registry: ChannelRegistry, number: string): ChannelLookup {
  const resolution = registry.resolve(number);
  switch (resolution.kind) {
    case "found":
    case "inactive": {
      const { accountSid } = resolution.channel;
      return accountSid ? { kind: "found", channel: { ...resolution.channel, accountSid } } : { kind: "unknown" };
    }
    case "unreadable":
    case "unknown":
      return resolution;
    default: {
      const unhandled: never = resolution;
      throw new Error(`unknown resolution ${(unhandled as { kind: string }).kind}`);
    }
  }
}
