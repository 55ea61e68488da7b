import type { CloudpaNames } from "@cloudpa/contracts";
import { waitFor } from "@cloudpa/testkit";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

/**
 * Waits until the namespace's EVENTS stream has stopped growing for `quietMs` (every status callback
 * of the replies in, say), and resolves with its last sequence: a log read then is the whole story,
 * not a moment the read model will already have moved past.
 */
export async function streamQuiet(
  nc: NatsConnection,
  names: CloudpaNames,
  { quietMs = 2000, timeoutMs = 60_000 } = {},
): Promise<number> {
  const jsm = await jetstreamManager(nc);
  let previous = -1;
  return waitFor(
    async () => {
      const seq = (await jsm.streams.info(names.eventsStream)).state.last_seq;
      const still = seq === previous;
      previous = seq;
      return still ? seq : undefined;
    },
    { timeoutMs, intervalMs: quietMs, what: `${names.eventsStream} to stop growing` },
  );
}
