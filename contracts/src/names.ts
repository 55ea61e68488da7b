import { z } from "zod";

/** A namespace prefixes every stream, subject and bucket, so installations and tests can share one NATS. */
export const namespaceSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, "lowercase letters, digits, '-' and '_' only (no dots)");

export const DEFAULT_NAMESPACE = "cloudpa";

export type ConversationEventKind =
  | "inbound_received"
  | "status_updated"
  | "reply_sent"
  | "reply_failed"
  | "conversation_read"
  | "inbound_media_stored";

export type ChannelEventKind = "channel_connected" | "channel_disconnected";

export type CloudpaNames = ReturnType<typeof cloudpaNames>;

export function cloudpaNames(namespace: string = DEFAULT_NAMESPACE) {
  const ns = namespaceSchema.parse(namespace);
  return {
    namespace: ns,
    eventsStream: `${ns}-events`,
    commandsStream: `${ns}-commands`,
    channelsBucket: `${ns}-channels`,
    /** The outbound's record of each SendReply attempt (at most one send per commandId). */
    outboundAttemptsBucket: `${ns}-outbound-attempts`,
    /** Commands the outbound could not trust, kept for an operator to list and retry (`cloudpa quarantine`). */
    outboundQuarantineBucket: `${ns}-outbound-quarantine`,
    eventsSubjects: `${ns}.evt.>`,
    commandsSubjects: `${ns}.cmd.>`,
    conversationEventSubject: (orgId: string, conversationId: string, kind: ConversationEventKind) =>
      `${ns}.evt.${orgId}.${conversationId}.${kind}`,
    channelEventSubject: (orgId: string, channelId: string, kind: ChannelEventKind) =>
      `${ns}.evt.${orgId}.channel.${channelId}.${kind}`,
    /** Every event of one conversation: what the outbound reads to decide a reply. */
    conversationEventsFilter: (orgId: string, conversationId: string) => `${ns}.evt.${orgId}.${conversationId}.*`,
    /** Every event of one channel. */
    channelEventsFilter: (orgId: string, channelId: string) => `${ns}.evt.${orgId}.channel.${channelId}.*`,
    sendReplySubject: (orgId: string) => `${ns}.cmd.${orgId}.send_reply`,
    liveSubject: (orgId: string) => `${ns}.live.${orgId}`,
    liveWildcard: `${ns}.live.*`,
    /** JetStream Object Store of media: uploads to send and kept copies of inbound media (decision 021). */
    mediaBucket: `${ns}-media`,
  };
}
