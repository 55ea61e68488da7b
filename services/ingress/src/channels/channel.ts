/** A WhatsApp number the ingress accepts webhooks for, with the token that signs them. */
export interface Channel {
  channelId: string;
  orgId: string;
  /** `whatsapp:+E164`, as Twilio writes it in `To` (inbound) and `From` (status). */
  number: string;
  accountSid: string | undefined;
  authToken: string;
  isActive: boolean;
  source: "registry" | "env";
}

export type ChannelResolution =
  | { kind: "found"; channel: Channel }
  | { kind: "inactive"; channel: Channel }
  | { kind: "unreadable"; channelId: string; orgId: string }
  | { kind: "unknown" };
