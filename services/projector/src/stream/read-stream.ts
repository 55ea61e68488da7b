import { DeliverPolicy, type JetStreamClient } from "@nats-io/jetstream";
import { type StreamEvent, streamEventOf } from "../consumer/stream-event.js";

/**
 * Reads the stored events `fromSeq..toSeq` in order with an ordered consumer (no acks,
 * flow-controlled, recreated by the client on a gap), handing them over in batches.
 */
export async function readStream(
  js: JetStreamClient,
  stream: string,
  range: { fromSeq: number; toSeq: number },
  batchSize: number,
  onBatch: (batch: StreamEvent[]) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<void> {
  if (range.toSeq < range.fromSeq) return;
  const consumer = await js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: range.fromSeq,
  });
  const messages = await consumer.consume({ max_messages: Math.max(batchSize * 2, 1000) });
  let batch: StreamEvent[] = [];
  try {
    for await (const msg of messages) {
      if (signal?.aborted) break;
      if (msg.seq > range.toSeq) break;
      batch.push(streamEventOf(msg));
      if (batch.length >= batchSize || msg.seq >= range.toSeq) {
        await onBatch(batch);
        batch = [];
      }
      if (msg.seq >= range.toSeq) break;
    }
    if (batch.length > 0) await onBatch(batch);
  } finally {
    await messages.close().catch(() => undefined);
  }
}
