import { type StoredEvent, storedEventOf } from "@cloudpa/read-model";
import { DeliverPolicy, type JetStreamClient } from "@nats-io/jetstream";

export interface TailOptions {
  js: JetStreamClient;
  stream: string;
  filterSubject: string;
  /** From this sequence on; only events stored from now on otherwise. */
  fromSeq?: number;
  signal: AbortSignal;
  onEvent: (stored: StoredEvent) => void;
  /** Called once the consumer exists: events stored from then on are delivered. */
  onFollowing?: () => void;
}

/**
 * Follows the stream live with an ordered consumer (ephemeral, no acks, recreated by the client
 * after a gap or a reconnect) until the signal aborts. Returns how many events it handed over.
 */
export async function tailEvents(options: TailOptions): Promise<number> {
  if (options.signal.aborted) return 0;
  const consumer = await options.js.consumers.get(options.stream, {
    filter_subjects: options.filterSubject,
    ...(options.fromSeq === undefined
      ? { deliver_policy: DeliverPolicy.New }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.fromSeq }),
  });
  const messages = await consumer.consume({ max_messages: 256 });
  options.onFollowing?.();
  const stop = () => messages.stop();
  options.signal.addEventListener("abort", stop, { once: true });
  let seen = 0;
  try {
    for await (const message of messages) {
      options.onEvent(storedEventOf(message));
      seen += 1;
      if (options.signal.aborted) break;
    }
  } finally {
    options.signal.removeEventListener("abort", stop);
    await messages.close().catch(() => undefined);
  }
  return seen;
}
