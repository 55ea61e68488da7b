import type { CloudpaNames, SigningKey } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import type { OutboundEvent } from "./send-reply.decider.js";

/** Appends the outbound's own events (ReplySent, ReplyFailed), signed, with `Nats-Msg-Id` `out:<orgId>:<commandId>` (msgIdOf). */
export interface EventAppender {
  append(event: OutboundEvent): Promise<PubAck>;
}

export const EVENT_APPENDER = Symbol("EVENT_APPENDER");

export function signedAppender(js: JetStreamClient, names: CloudpaNames, signingKey: SigningKey): EventAppender {
  return { append: (event) => appendSigned(js, names, event, signingKey) };
}
