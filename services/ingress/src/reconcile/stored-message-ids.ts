import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";

/**
 * The `Nats-Msg-Id`s stored on one subject, read from the stream itself: JetStream's
 * duplicate window forgets ids after an hour, the stream does not.
 */
export async function storedMessageIds(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  subject: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  const count = info.state.subjects?.[subject] ?? 0;
  if (count === 0) return ids;
  const consumer = await js.consumers.get(stream, {
    // One subject as a string: a list needs NATS 2.10, and the machine's server may be older.
    filter_subjects: subject,
    deliver_policy: DeliverPolicy.All,
    headers_only: true,
  });
  try {
    let seen = 0;
    while (seen < count) {
      const batch = await consumer.fetch({ max_messages: Math.min(count - seen, 1000), expires: 5000 });
      let received = 0;
      for await (const message of batch) {
        received++;
        seen++;
        const id = message.headers?.get("Nats-Msg-Id");
        if (id) ids.add(id);
        if (message.info.pending === 0) seen = count;
      }
      if (received === 0) break;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return ids;
}
