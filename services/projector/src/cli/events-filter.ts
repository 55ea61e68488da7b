import {
  type CloudpaEventType,
  type CloudpaNames,
  cloudpaEventSchema,
  isUuid,
  parseEventSubject,
  subjectKindOf,
} from "@cloudpa/contracts";

export interface EventsFilter {
  orgId?: string;
  conversationId?: string;
  type?: string;
}

/**
 * What `events tail` reads, in both subject formats (docs/decisions/019). `subject` is the one
 * filter the server applies (NATS 2.9 takes one per consumer): every event when nothing narrows
 * it, else the partitioned format only. `matches` is then set: whether an event subject in
 * either format, with or without `p<k>`, is selected by the same options, for the events a stream
 * kept from before partitions, which the server's filter cannot select with it.
 */
export interface EventsSelection {
  subject: string;
  matches?: (subject: string) => boolean;
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
 * The events of an org, a conversation and a type, any of them left open. Conversation events
 * have six tokens (`<ns>.evt.p<k>.<org>.<conversation>.<kind>`), channel and contact events seven
 * (`<ns>.evt.p<k>.<org>.channel.<channelId>.<kind>`); an org fixes its partition `p<k>`. Those
 * from before partitions have one token less and are told by their parsed subject. Throws on an
 * id that is not a UUID (it would change the filter) and on an unknown type.
 */
export function eventsSelectionOf(names: CloudpaNames, filter: EventsFilter): EventsSelection {
  const { orgId, conversationId } = filter;
  if (orgId !== undefined && !isUuid(orgId)) throw new Error(`--org is not an org id: ${orgId}`);
  if (conversationId !== undefined && !isUuid(conversationId)) {
    throw new Error(`--conversation is not a conversation id: ${conversationId}`);
  }
  if (orgId === undefined && conversationId === undefined && filter.type === undefined) {
    return { subject: names.eventsSubjects };
  }
  let type: CloudpaEventType | undefined;
  if (filter.type !== undefined) {
    type = EVENT_TYPES.find((known) => known === filter.type);
    if (type === undefined) throw new Error(`--type must be one of ${EVENT_TYPES.join(", ")}`);
  }
  const conversationEvent = type === undefined ? undefined : isConversationEvent(type);
  if (conversationEvent === false && conversationId !== undefined) {
    throw new Error(`${type} events belong to no conversation`);
  }
  const kind = type === undefined ? undefined : subjectKindOf(type);

  const root = names.orgEventsRoot(orgId ?? "*");
  let subject: string;
  if (kind === undefined) {
    subject = conversationId === undefined ? `${root}.>` : names.conversationEventsFilter(orgId ?? "*", conversationId);
  } else {
    subject = conversationEvent ? `${root}.${conversationId ?? "*"}.${kind}` : `${root}.*.*.${kind}`;
  }
  const matches = (candidate: string) => {
    const parts = parseEventSubject(candidate);
    if (parts === null || parts.namespace !== names.namespace) return false;
    if (orgId !== undefined && parts.orgId !== orgId) return false;
    const { about } = parts;
    if (conversationId !== undefined && (about.kind !== "conversation" || about.conversationId !== conversationId)) {
      return false;
    }
    return kind === undefined || (parts.event === kind && (about.kind === "conversation") === conversationEvent);
  };
  return { subject, matches };
}
