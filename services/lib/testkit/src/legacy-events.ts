import {
  type CloudpaEvent,
  type CloudpaStreamNames,
  msgIdOf,
  type SigningKey,
  signMessage,
  subjectKindOf,
} from "@cloudpa/contracts";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";

/**
 * The subject an event was published on before partitions (`<ns>.evt.<org>.…`, no `p<k>`):
 * what a stream from before docs/decisions/019 holds. For tests of readers and of the migration;
 * no producer writes it any more.
 */
export function legacySubjectOf(names: CloudpaStreamNames, event: CloudpaEvent): string {
  const root = `${names.namespace}.evt.${event.orgId}`;
  const kind = subjectKindOf(event.type);
  if ("conversationId" in event) return `${root}.${event.conversationId}.${kind}`;
  if (event.type === "ContactErased") return `${root}.contact.${event.contactId}.${kind}`;
  if ("labelId" in event) return `${root}.label.${event.labelId}.${kind}`;
  if ("savedReplyId" in event) return `${root}.saved_reply.${event.savedReplyId}.${kind}`;
  return `${root}.channel.${event.channelId}.${kind}`;
}

/**
 * Appends a signed event on its subject from before partitions, as a producer of that time did,
 * with its `Nats-Msg-Id` (or `msgId`: an id of before decision 006).
 */
export async function appendLegacy(
  js: JetStreamClient,
  names: CloudpaStreamNames,
  event: CloudpaEvent,
  key: SigningKey,
  options: { msgId?: string } = {},
): Promise<PubAck> {
  const signed = signMessage(event, key);
  const hdrs = headers();
  for (const [name, value] of Object.entries(signed.headers)) hdrs.set(name, value);
  return js.publish(legacySubjectOf(names, event), signed.data, {
    msgID: options.msgId ?? msgIdOf(event),
    headers: hdrs,
  });
}
