import { DeliverPolicy, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import type { StreamEvent } from "../consumer/stream-event.js";

/**
 * A stored message as a stream event that holds only what a reader uses: its sequence, subject,
 * payload, time and the first value of each header (what `MsgHdrs.get` answers), not the `JsMsg`.
 * The live consumer's `streamEventOf` keeps the message (it acks it); a reader of the stream does
 * not, and a batch of events in flight would otherwise hold each message's parsed header map, its
 * reply subject and delivery info: about 2.5 of the 5 KB an event took in a rebuild's heap
 * (docs/decisions/024).
 */
function storedEventOf(msg: JsMsg): StreamEvent {
  const values = new Map<string, string>();
  for (const [name, all] of msg.headers ?? []) {
    const first = all[0];
    if (first !== undefined) values.set(name, first);
  }
  return {
    seq: msg.seq,
    subject: msg.subject,
    data: msg.data,
    header: (name) => values.get(name) ?? "",
    storedAt: msg.time,
  };
}

/**
 * Reads the stored events `fromSeq..toSeq` in order with an ordered consumer (no acks,
 * flow-controlled, recreated by the client on a gap), handing them over in batches.
 * Sequences may be missing (messages deleted by an erasure, docs/decisions/010), `toSeq` itself
 * among them: the read ends at `toSeq` or at the last message stored, whichever comes first.
 * `filterSubject`: only the events on those subjects (one partition's, `names.partitionEventsFilter`).
 * At most one batch of messages (at least 1,000) waits in the client's buffer while a batch is handled.
 */
export async function readStream(
  js: JetStreamClient,
  stream: string,
  range: { fromSeq: number; toSeq: number; filterSubject?: string },
  batchSize: number,
  onBatch: (batch: StreamEvent[]) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<void> {
  if (range.toSeq < range.fromSeq) return;
  const consumer = await js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: range.fromSeq,
    ...(range.filterSubject ? { filter_subjects: range.filterSubject } : {}),
  });
  // Nothing stored from fromSeq on: an ordered consumer would wait for ever for a first message.
  // Its count at creation says so; not `next_by_subj`, which reads every stored message after
  // fromSeq when none matches (seconds per empty partition at 1M events, holding the server).
  if ((await consumer.info(true)).num_pending === 0) {
    await consumer.delete().catch(() => undefined);
    return;
  }
  const messages = await consumer.consume({ max_messages: Math.max(batchSize, 1000) });
  let batch: StreamEvent[] = [];
  try {
    for await (const msg of messages) {
      if (signal?.aborted) break;
      if (msg.seq > range.toSeq) break;
      batch.push(storedEventOf(msg));
      // `pending` 0: nothing more is stored now, so what is missing up to toSeq was deleted.
      const last = msg.seq >= range.toSeq || msg.info.pending === 0;
      if (batch.length >= batchSize || last) {
        await onBatch(batch);
        batch = [];
      }
      if (last) break;
    }
    if (batch.length > 0) await onBatch(batch);
  } finally {
    await messages.close().catch(() => undefined);
  }
}
