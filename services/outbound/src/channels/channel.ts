/** A WhatsApp number the outbound may send from, with the credentials to send through Twilio. */
export interface Channel {
  channelId: string;
  orgId: string;
  /** `whatsapp:+E164`: the From of every reply. */
  number: string;
  accountSid: string;
  authToken: string;
  isActive: boolean;
  source: "registry" | "env";
}

/** What the registry knows of a number: a channel, or a record whose token cannot be opened. */
export type ChannelLookup =
  | { kind: "found"; channel: Channel }
  | { kind: "unreadable"; channelId: string; orgId: string }
  | { kind: "unknown" };
