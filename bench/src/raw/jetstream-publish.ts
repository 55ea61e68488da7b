import { randomBytes } from "node:crypto";
import { DiscardPolicy, type JetStreamClient, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { headers, nanos } from "@nats-io/transport-node";
import type { BenchNats } from "../infra/bench-nats.js";
import { LatencySamples } from "../latency-samples.js";

export interface PublishRate {
  messages: number;
  perSecond: number;
  latency: LatencySamples;
}

/** About the size of a signed InboundMessageReceived event and its two signature headers. */
const PAYLOAD = randomBytes(600).toString("base64");

/**
 * Raw JetStream publish-with-ack from Node into a stream configured like the events stream
 * (file storage, duplicate window, Nats-Msg-Id set), sequentially or with `inFlight` acks
 * outstanding. Nothing is signed or validated: this is the ceiling the ingress works under.
 */
export async function measureJetStreamPublish(
  nats: BenchNats,
  options: { messages: number; inFlight: number; label: string },
): Promise<PublishRate> {
  const stream = `${nats.names.namespace}-raw-${options.label}`;
  const subject = `${nats.names.namespace}.raw.${options.label}`;
  await nats.jsm.streams.add({
    name: stream,
    subjects: [subject],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(10 * 60 * 1000),
    num_replicas: 1,
  });
  try {
    return await publishAll(nats.js, subject, options.messages, options.inFlight);
  } finally {
    await nats.jsm.streams.delete(stream).catch(() => undefined);
  }
}

async function publishAll(js: JetStreamClient, subject: string, messages: number, inFlight: number) {
  const latency = new LatencySamples();
  const payload = new TextEncoder().encode(PAYLOAD);
  let next = 0;
  const publishOne = async () => {
    const n = next++;
    const hdrs = headers();
    hdrs.set("Cloudpa-Key-Id", "raw-bench");
    hdrs.set("Cloudpa-Signature", PAYLOAD.slice(0, 88));
    const started = performance.now();
    await js.publish(subject, payload, { msgID: `raw:${n}`, headers: hdrs, timeout: 30_000 });
    latency.record(performance.now() - started);
  };
  const started = performance.now();
  const lanes = Array.from({ length: Math.min(inFlight, messages) }, async () => {
    while (next < messages) await publishOne();
  });
  await Promise.all(lanes);
  const seconds = (performance.now() - started) / 1000;
  return { messages, perSecond: messages / seconds, latency };
}
