import { livePull, readPartitionedSince, type ServiceNats } from "@cloudpa/kit/core";
import { type StoredEvent, storedEventOf } from "@cloudpa/read-model";
import { DeliverPolicy, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import type { EventsSelection } from "./events-filter.js";

export interface TailOptions {
  js: JetStreamClient;
  stream: string;
  /** Every subject of the stream (`names.eventsSubjects`): read whole while events from before partitions may come. */
  streamSubjects: string;
  selection: EventsSelection;
  /**
   * The last sequence that may hold an event from before partitions (`legacyEventsUntil`): the
   * migration's `afterSeq`, or Infinity while the stream is not migrated and they may still come.
   */
  legacyUntil: number;
  /** From this sequence on; only events stored from now on otherwise. */
  fromSeq?: number;
  signal: AbortSignal;
  onEvent: (stored: StoredEvent) => void;
  /** Called once the first consumer exists (events stored from then on are delivered), with what it follows. */
  onFollowing?: (following: string) => void;
}

/**
 * The last stream sequence that may hold an event from before partitions (docs/decisions/019):
 * the `afterSeq` that `partitions migrate` (or the set-up of an empty stream, 0) recorded in
 * `<ns>-config`, since nothing is appended in that format after it; Infinity while the record is
 * absent, when a producer from before partitions may still append.
 */
export async function legacyEventsUntil(nats: ServiceNats): Promise<number> {
  const since = await readPartitionedSince(await nats.bucket(nats.names.configBucket));
  return since?.record.afterSeq ?? Number.POSITIVE_INFINITY;
}

/**
 * Follows the stream live with ordered consumers (ephemeral, no acks, recreated by the client
 * after a gap or a reconnect) until the signal aborts, handing over the selected events in stream
 * order. A narrowed selection's server filter is in the partitioned format only, and NATS 2.9
 * takes one filter per consumer: over the sequences that may hold events from before partitions,
 * the whole stream is read and the events picked by their parsed subject; from the first sequence
 * past them (at once for a migrated stream followed from now) the server filters. Returns how
 * many events it handed over.
 */
export async function tailEvents(options: TailOptions): Promise<number> {
  const { selection, legacyUntil: until } = options;
  let seen = 0;
  const deliver = (message: JsMsg) => {
    options.onEvent(storedEventOf(message));
    seen += 1;
  };
  let announced = false;
  const announce = (following: string) => {
    if (!announced) options.onFollowing?.(following);
    announced = true;
  };
  let fromSeq = options.fromSeq;
  const matches = selection.matches;
  if (matches && (fromSeq === undefined ? until === Number.POSITIVE_INFINITY : fromSeq <= until)) {
    const upTo = Number.isFinite(until) ? ` up to #${until}` : "";
    const last = await follow(options, options.streamSubjects, fromSeq, {
      onReady: () => announce(`${selection.subject} and, by subject, the events from before partitions${upTo}`),
      onMessage: (message) => {
        if (matches(message.subject)) deliver(message);
        // Past `until` (or at the head of a migrated stream, `until` lying in erased events) no event
        // from before partitions can follow: the server's filter does the rest.
        return Number.isFinite(until) && (message.seq >= until || message.info.pending === 0);
      },
    });
    if (last === undefined) return seen;
    fromSeq = last + 1;
  }
  await follow(options, selection.subject, fromSeq, {
    onReady: () => announce(selection.subject),
    onMessage: (message) => {
      deliver(message);
      return false;
    },
  });
  return seen;
}

/**
 * One ordered consumer on a filter until the signal aborts (undefined) or `onMessage` says it is
 * done (the sequence of that message).
 */
async function follow(
  options: Pick<TailOptions, "js" | "stream" | "signal">,
  filterSubject: string,
  fromSeq: number | undefined,
  handlers: { onReady: () => void; onMessage: (message: JsMsg) => boolean },
): Promise<number | undefined> {
  if (options.signal.aborted) return undefined;
  const consumer = await options.js.consumers.get(options.stream, {
    filter_subjects: filterSubject,
    ...(fromSeq === undefined
      ? { deliver_policy: DeliverPolicy.New }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq }),
  });
  const messages = await consumer.consume(livePull(256));
  handlers.onReady();
  const stop = () => messages.stop();
  options.signal.addEventListener("abort", stop, { once: true });
  try {
    for await (const message of messages) {
      if (handlers.onMessage(message)) return message.seq;
      if (options.signal.aborted) break;
    }
    return undefined;
  } finally {
    options.signal.removeEventListener("abort", stop);
    await messages.close().catch(() => undefined);
  }
}
