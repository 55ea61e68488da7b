import type { Channel, ChannelRegistry } from "@cloudpa/kit";

/** What the outbound knows of a number: a channel (active or not), or a record whose token cannot be opened. */
export type ChannelLookup =
  | { kind: "found"; channel: Channel }
  | { kind: "unreadable"; channelId: string; orgId: string }
  | { kind: "unknown" };

/**
 * Looks a number up in the shared registry, the one notion of a connected channel that ingress
 * and the web's registration share. An inactive channel is "found": the decider turns it into
 * ReplyFailed channel_inactive.
 */
export function lookupChannel(registry: ChannelRegistry, number: string): ChannelLookup {
  const resolution = registry.resolve(number);
  switch (resolution.kind) {
    case "found":
    case "inactive":
      return { kind: "found", channel: resolution.channel };
    case "unreadable":
    case "unknown":
      return resolution;
    default: {
      const unhandled: never = resolution;
      throw new Error(`unknown resolution ${(unhandled as { kind: string }).kind}`);
    }
  }
}
