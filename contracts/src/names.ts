import { z } from "zod";
import { MAX_EVENT_PARTITIONS, partitionOf, partitionToken } from "./partitions/partition-of.js";

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
  | "conversation_archived"
  | "conversation_unarchived"
  | "conversation_snoozed"
  | "conversation_pinned"
  | "conversation_unpinned"
  | "conversation_marked_unread"
  | "conversation_muted"
  | "conversation_unmuted"
  | "conversation_labelled"
  | "conversation_unlabelled"
  | "note_added"
  | "note_edited"
  | "note_deleted"
  | "contact_details_updated"
  | "inbound_media_stored";

export type ChannelEventKind = "channel_connected" | "channel_disconnected";

export type CloudpaStreamNames = ReturnType<typeof streamNames>;
export type CloudpaNames = ReturnType<typeof eventNames>;

export interface CloudpaNamesOptions {
  /**
   * The installation's partition count, as the set-up recorded it (`ServiceNats` reads it; never
   * a guess): the event subjects carry `p<partitionOf(orgId, partitions)>` (docs/decisions/019).
   */
  partitions: number;
}

/**
 * Names of a namespace. Without the partition count: the streams, buckets, commands and live
 * subjects only. With it: the event subjects and filters too, so nothing can build an event
 * subject without the count the set-up recorded.
 */
export function cloudpaNames(namespace?: string): CloudpaStreamNames;
export function cloudpaNames(namespace: string | undefined, options: CloudpaNamesOptions): CloudpaNames;
export function cloudpaNames(
  namespace: string = DEFAULT_NAMESPACE,
  options?: CloudpaNamesOptions,
): CloudpaStreamNames | CloudpaNames {
  const names = streamNames(namespaceSchema.parse(namespace));
  return options === undefined ? names : eventNames(names, options.partitions);
}

function streamNames(ns: string) {
  return {
    namespace: ns,
    eventsStream: `${ns}-events`,
    commandsStream: `${ns}-commands`,
    channelsBucket: `${ns}-channels`,
    /** The outbound's record of each SendReply attempt (at most one send per commandId). */
    outboundAttemptsBucket: `${ns}-outbound-attempts`,
    /** Commands the outbound could not trust, kept for an operator to list and retry (`cloudpa quarantine`). */
    outboundQuarantineBucket: `${ns}-outbound-quarantine`,
    /** The set-up's record of the installation: its partition count (`partitions-config.ts`). */
    configBucket: `${ns}-config`,
    /** The projector instances' leases on partitions (decision 020). */
    projectorLeasesBucket: `${ns}-projector-leases`,
    /** Every event, in either format: the EVENTS stream's subjects. */
    eventsSubjects: `${ns}.evt.>`,
    commandsSubjects: `${ns}.cmd.>`,
    /** Every event of one conversation as written before partitions (`<ns>.evt.<org>.<conversation>.<event>`). */
    legacyConversationEventsFilter: (orgId: string, conversationId: string) => `${ns}.evt.${orgId}.${conversationId}.*`,
    /** One event of a conversation as written before partitions, for reads of the last one by subject. */
    legacyConversationEventSubject: (orgId: string, conversationId: string, kind: ConversationEventKind) =>
      `${ns}.evt.${orgId}.${conversationId}.${kind}`,
    sendReplySubject: (orgId: string) => `${ns}.cmd.${orgId}.send_reply`,
    liveSubject: (orgId: string) => `${ns}.live.${orgId}`,
    liveWildcard: `${ns}.live.*`,
    /** JetStream Object Store of media: uploads to send and kept copies of inbound media (decision 021). */
    mediaBucket: `${ns}-media`,
  };
}

function eventNames(names: CloudpaStreamNames, partitions: number) {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_EVENT_PARTITIONS) {
    throw new RangeError(`partition count must be an integer in 1..${MAX_EVENT_PARTITIONS}, not ${partitions}`);
  }
  const ns = names.namespace;
  /** `<ns>.evt.p<k>.<orgId>`, every event of an org under it; `*` for any org (then any partition). */
  const orgRoot = (orgId: string) =>
    orgId === "*" ? `${ns}.evt.*.*` : `${ns}.evt.${partitionToken(partitionOf(orgId, partitions))}.${orgId}`;
  return {
    ...names,
    partitions,
    /** The partition of an org's events, in [0, partitions). */
    partitionOf: (orgId: string) => partitionOf(orgId, partitions),
    /** The root of every event subject of an org: `<ns>.evt.p<k>.<orgId>` (`*` for any org). */
    orgEventsRoot: orgRoot,
    conversationEventSubject: (orgId: string, conversationId: string, kind: ConversationEventKind) =>
      `${orgRoot(orgId)}.${conversationId}.${kind}`,
    channelEventSubject: (orgId: string, channelId: string, kind: ChannelEventKind) =>
      `${orgRoot(orgId)}.channel.${channelId}.${kind}`,
    /** Every event of one conversation written since partitions (`*` for any org). */
    conversationEventsFilter: (orgId: string, conversationId: string) => `${orgRoot(orgId)}.${conversationId}.*`,
    /**
     * Every event of one conversation in both formats, one filter each (NATS 2.9 takes one per
     * consumer): what whoever reads a conversation's whole history (the outbound, erasure, the
     * history) reads, since a stream that was migrated keeps its events from before partitions.
     */
    conversationEventsFilters: (orgId: string, conversationId: string): [string, string] => [
      `${orgRoot(orgId)}.${conversationId}.*`,
      names.legacyConversationEventsFilter(orgId, conversationId),
    ],
    /** Every event of one channel written since partitions. */
    channelEventsFilter: (orgId: string, channelId: string) => `${orgRoot(orgId)}.channel.${channelId}.*`,
    /** Every event of partition `k`: the filter of the projector's consumer of that partition. */
    partitionEventsFilter: (partition: number) => {
      if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
        throw new RangeError(`partition must be an integer in 0..${partitions - 1}, not ${partition}`);
      }
      return `${ns}.evt.${partitionToken(partition)}.>`;
    },
  };
}
