import type { Keyring } from "@cloudpa/contracts";
import { DeliverPolicy, type JetStreamClient } from "@nats-io/jetstream";
import { type CheckedEvent, checkStoredEvent, storedEventOf } from "./checked-event.js";

const IDLE_MS = 5_000;

export interface ReadCheckedEventsOptions {
  stream: string;
  /**
   * A subject filter, e.g. every event of one conversation, or several (NATS 2.9 takes one per
   * consumer, so each is read in turn): a conversation's subjects in both formats
   * (`names.conversationEventsFilters`, docs/decisions/019).
   */
  filterSubject: string | readonly string[];
  keyring: Keyring;
  /** Called as events arrive, with how many of the matching events were read so far. */
  onProgress?: (read: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Every stored event matching a subject filter, in stream order, each checked by
 * `checkStoredEvent`. The server counts the matches first (stream info by subject), so an
 * empty history returns at once and a long one reports progress against a known total; the
 * ordered consumer then delivers only the matches, and reading stops at the last of them.
 */
export async function readCheckedEvents(
  js: JetStreamClient,
  options: ReadCheckedEventsOptions,
): Promise<CheckedEvent[]> {
  const filters = typeof options.filterSubject === "string" ? [options.filterSubject] : options.filterSubject;
  const checked: CheckedEvent[] = [];
  for (const filterSubject of filters) {
    const before = checked.length;
    const onProgress = options.onProgress;
    checked.push(
      ...(await readFilter(js, {
        ...options,
        filterSubject,
        onProgress: onProgress && ((read, total) => onProgress(before + read, before + total)),
      })),
    );
  }
  // Each filter's events are in stream order; together they are put back into it.
  return filters.length > 1 ? checked.sort((a, b) => a.seq - b.seq) : checked;
}

async function readFilter(
  js: JetStreamClient,
  options: ReadCheckedEventsOptions & { filterSubject: string },
): Promise<CheckedEvent[]> {
  const jsm = await js.jetstreamManager();
  const countMatches = async () => {
    const info = await jsm.streams.info(options.stream, { subjects_filter: options.filterSubject });
    return Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
  };
  const total = await countMatches();
  const checked: CheckedEvent[] = [];
  if (total === 0) return checked;
  options.onProgress?.(0, total);
  const consumer = await js.consumers.get(options.stream, {
    filter_subjects: options.filterSubject,
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume({ max_messages: 1000 });
  const stop = () => messages.stop();
  options.signal?.addEventListener("abort", stop, { once: true });
  // Matches counted may be erased before they are read (decision 010): when the consumer goes quiet,
  // a new count tells whether anything is still to come.
  let done = false;
  const whenIdle = () => {
    countMatches().then(
      (stored) => {
        if (done) return;
        if (stored <= checked.length) stop();
        else idle = setTimeout(whenIdle, IDLE_MS);
      },
      () => {
        if (!done) idle = setTimeout(whenIdle, IDLE_MS);
      },
    );
  };
  let idle = setTimeout(whenIdle, IDLE_MS);
  try {
    for await (const message of messages) {
      clearTimeout(idle);
      idle = setTimeout(whenIdle, IDLE_MS);
      if (options.signal?.aborted) break;
      checked.push(checkStoredEvent(storedEventOf(message), options.keyring));
      options.onProgress?.(checked.length, Math.max(total, checked.length));
      // `pending` counts the matches still stored after this one: events appended since the count are read too.
      if (message.info.pending === 0) break;
    }
  } finally {
    done = true;
    clearTimeout(idle);
    options.signal?.removeEventListener("abort", stop);
    await messages.close().catch(() => undefined);
  }
  return checked;
}
