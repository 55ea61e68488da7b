import {
  type CloudpaCommand,
  type CloudpaEvent,
  type CloudpaNames,
  msgIdOf,
  type SigningKey,
  signMessage,
  subjectOf,
} from "@cloudpa/contracts";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";

export interface AppendOptions {
  /** How long to wait for JetStream's ack. */
  timeoutMs?: number;
  /** Expected stream; guards against a subject that a misconfigured stream would swallow. */
  stream?: string;
}

/**
 * Signs a message with the producer's key and appends it to its stream with the
 * `Nats-Msg-Id` of DESIGN.md, resolving once JetStream has stored it. `ack.duplicate`
 * tells a repeat inside the duplicate window.
 */
export async function appendSigned(
  js: JetStreamClient,
  names: CloudpaNames,
  message: CloudpaEvent | CloudpaCommand,
  key: SigningKey,
  options: AppendOptions = {},
): Promise<PubAck> {
  const signed = signMessage(message, key);
  const hdrs = headers();
  for (const [name, value] of Object.entries(signed.headers)) hdrs.set(name, value);
  const stream = options.stream ?? (message.type === "SendReply" ? names.commandsStream : names.eventsStream);
  return js.publish(subjectOf(names, message), signed.data, {
    msgID: msgIdOf(message),
    headers: hdrs,
    expect: { streamName: stream },
    timeout: options.timeoutMs ?? 5000,
  });
}
