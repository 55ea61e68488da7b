import {
  type CloudpaEventType,
  type CloudpaNames,
  cloudpaEventSchema,
  isUuid,
  subjectKindOf,
} from "@cloudpa/contracts";

export interface EventsFilter {
  orgId?: string;
  conversationId?: string;
  type?: string;
}

export const EVENT_TYPES: readonly CloudpaEventType[] = cloudpaEventSchema.options.map(
  (schema) => schema.shape.type.value,
);

/** Whether events of a type sit under a conversation's subjects (`<ns>.evt.p<k>.<org>.<conversation>.<kind>`). */
function isConversationEvent(type: CloudpaEventType): boolean {
  const schema = cloudpaEventSchema.options.find((option) => option.shape.type.value === type);
  return schema !== undefined && "conversationId" in schema.shape;
}

/**
 * The one subject filter (NATS 2.9 takes one per consumer) that selects the events of an org,
 * a conversation and a type, any of them left open. Conversation events have six tokens
 * (`<ns>.evt.p<k>.<org>.<conversation>.<kind>`), channel and contact events seven
 * (`<ns>.evt.p<k>.<org>.channel.<channelId>.<kind>`); an org fixes its partition `p<k>`. With no
 * option every event is followed, in either format; a narrowed filter matches the partitioned
 * format only, so events a migrated stream kept from before partitions (docs/decisions/019) are
 * left to the unfiltered tail and to `conversation history`, which reads both. Throws on an id
 * that is not a UUID (it would change the filter) and on an unknown type.
 */
export function eventsFilterSubject(names: CloudpaNames, filter: EventsFilter): string {
  if (filter.orgId !== undefined && !isUuid(filter.orgId)) throw new Error(`--org is not an org id: ${filter.orgId}`);
  if (filter.conversationId !== undefined && !isUuid(filter.conversationId)) {
    throw new Error(`--conversation is not a conversation id: ${filter.conversationId}`);
  }
  const org = filter.orgId ?? "*";
  const root = names.orgEventsRoot(org);
  if (filter.type === undefined) {
    if (filter.conversationId !== undefined) return names.conversationEventsFilter(org, filter.conversationId);
    return filter.orgId === undefined ? names.eventsSubjects : `${root}.>`;
  }
  const type = EVENT_TYPES.find((known) => known === filter.type);
  if (type === undefined) throw new Error(`--type must be one of ${EVENT_TYPES.join(", ")}`);
  const kind = subjectKindOf(type);
  if (isConversationEvent(type)) return `${root}.${filter.conversationId ?? "*"}.${kind}`;
  if (filter.conversationId !== undefined) throw new Error(`${type} events belong to no conversation`);
  return `${root}.*.*.${kind}`;
}
