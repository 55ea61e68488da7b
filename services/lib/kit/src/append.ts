import {
  type CloudpaCommand,
  type CloudpaEvent,
  type CloudpaNames,
  msgIdOf,
  type SignedMessage,
  type SigningKey,
  signBatch,
  subjectOf,
} from "@cloudpa/contracts";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { SpanKind } from "@opentelemetry/api";
import { SIGNING_BATCH_LIMIT, SigningBatches } from "./signing-batches.js";
import { inSpan } from "./tracing/spans.js";
import { injectTraceContext } from "./tracing/trace-context.js";

export interface AppendOptions {
  /** How long to wait for JetStream's ack. */
  timeoutMs?: number;
  /** Expected stream; guards against a subject that a misconfigured stream would swallow. */
  stream?: string;
}

/** This process's signing batches: appends with one key within one event-loop turn share a signature. */
const signingBatches = new SigningBatches();

/**
 * Signs a message with the producer's key (in a batch with the appends of the same turn,
 * docs/decisions/030) and appends it to its stream with the
 * `Nats-Msg-Id` of DESIGN.md, resolving once JetStream has stored it. `ack.duplicate`
 * tells a repeat inside the duplicate window. The append is a span of the active trace, and
 * the message carries that span's context in its headers (never in the signed payload).
 */
export async function appendSigned(
  js: JetStreamClient,
  names: CloudpaNames,
  message: CloudpaEvent | CloudpaCommand,
  key: SigningKey,
  options: AppendOptions = {},
): Promise<PubAck> {
  return publishSigned(js, names, message, () => signingBatches.sign(message, key), options);
}

/**
 * Appends messages the caller has at hand as one signed batch (at most 256), whatever the turns
 * of the event loop: signed once, then each published and acknowledged on its own as
 * `appendSigned` does. One promise per message, in order.
 */
export function appendSignedBatch(
  js: JetStreamClient,
  names: CloudpaNames,
  messages: readonly (CloudpaEvent | CloudpaCommand)[],
  key: SigningKey,
  options: AppendOptions = {},
): Promise<PubAck>[] {
  if (messages.length > SIGNING_BATCH_LIMIT) throw new RangeError(`at most ${SIGNING_BATCH_LIMIT} messages a batch`);
  const signed = signBatch(messages, key);
  return messages.map((message, index) =>
    publishSigned(js, names, message, async () => signed[index] as SignedMessage, options),
  );
}

async function publishSigned(
  js: JetStreamClient,
  names: CloudpaNames,
  message: CloudpaEvent | CloudpaCommand,
  signedMessage: () => Promise<SignedMessage>,
  options: AppendOptions,
): Promise<PubAck> {
  const subject = subjectOf(names, message);
  const stream = options.stream ?? (message.type === "SendReply" ? names.commandsStream : names.eventsStream);
  const msgID = msgIdOf(message);
  const attributes = {
    "messaging.system": "nats",
    "messaging.operation.type": "send",
    "messaging.destination.name": subject,
    "messaging.message.id": msgID,
    "cloudpa.org_id": message.orgId,
    "cloudpa.message.type": message.type,
  };
  return inSpan(`append ${message.type}`, { kind: SpanKind.PRODUCER, attributes }, async (span) => {
    const signed = await signedMessage();
    const hdrs = headers();
    for (const [name, value] of Object.entries(signed.headers)) hdrs.set(name, value);
    injectTraceContext(hdrs);
    const ack = await js.publish(subject, signed.data, {
      msgID,
      headers: hdrs,
      expect: { streamName: stream },
      timeout: options.timeoutMs ?? 5000,
    });
    span.setAttributes({ "cloudpa.stream.seq": ack.seq, "cloudpa.stream.duplicate": ack.duplicate });
    return ack;
  });
}
