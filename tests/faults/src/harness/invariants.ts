import {
  checkpointOf,
  READ_MODEL_SCHEMA,
  readCheckpointStatement,
  runStatements,
  type SqlRunner,
} from "@cloudpa/read-model";
import { waitFor, withClient } from "@cloudpa/testkit";
import type { TwilioSim } from "@cloudpa/twilio-sim";
import type { InboundOutcome } from "./customer-load.js";
import { type EventLog, eventsOfType, type MessagePartition, messagesByPartition } from "./event-log.js";
import { compareWithFold, foldStream } from "./stream-fold.js";

// The test kit's, here too so that a scenario imports its checks from one place.
export { withClient };

/** A broken promise, said in words an operator would understand; empty when the invariant holds. */
export type Violations = string[];

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Every webhook the ingress answered 200 is in the stream exactly once, and every inbound event in
 * the stream is a message the customer really sent (none invented, none doubled).
 */
export function webhooksStoredOnce(log: EventLog, sent: readonly InboundOutcome[]): Violations {
  const violations: Violations = [];
  const stored = countBy(eventsOfType(log, "InboundMessageReceived"), (event) => event.messageSid);
  const sentSids = new Set(sent.map((outcome) => outcome.messageSid));
  for (const outcome of sent) {
    const times = stored.get(outcome.messageSid) ?? 0;
    if (outcome.webhookStatus === 200 && times !== 1)
      violations.push(`webhook ${outcome.messageSid} was answered 200 but is in the stream ${times} times`);
  }
  for (const [messageSid, times] of stored) {
    if (times > 1) violations.push(`inbound ${messageSid} is in the stream ${times} times`);
    if (!sentSids.has(messageSid)) violations.push(`inbound ${messageSid} is in the stream but no customer sent it`);
  }
  return violations;
}

/**
 * What Twilio accepted is exactly what the stream says was sent: one ReplySent per message the
 * simulator holds, none for a message it never took, and no command sent twice.
 */
export function repliesMatchTwilio(log: EventLog, sim: TwilioSim): Violations {
  const violations: Violations = [];
  const accepted = sim.sentMessages();
  const sentEvents = eventsOfType(log, "ReplySent");
  const failedEvents = eventsOfType(log, "ReplyFailed");
  const eventsBySid = countBy(sentEvents, (event) => event.messageSid);
  for (const message of accepted) {
    const times = eventsBySid.get(message.sid) ?? 0;
    if (times !== 1) violations.push(`Twilio accepted ${message.sid} but the stream holds ${times} ReplySent for it`);
  }
  const acceptedSids = new Set(accepted.map((message) => message.sid));
  for (const event of sentEvents) {
    if (!acceptedSids.has(event.messageSid))
      violations.push(`ReplySent ${event.messageSid} names a message Twilio never accepted`);
  }
  for (const [body, times] of countBy(accepted, (message) => message.body)) {
    if (times > 1) violations.push(`Twilio was asked ${times} times to send "${body.slice(0, 60)}"`);
  }
  for (const [commandId, times] of countBy([...sentEvents, ...failedEvents], (event) => event.commandId)) {
    if (times > 1) violations.push(`command ${commandId} has ${times} outcomes in the stream`);
  }
  return violations;
}

/** A partition behind its last message: where its checkpoint is, and how many of its messages lie past it. */
export interface PartitionLag {
  /** Null: messages whose subject names no partition (see `MessagePartition`). */
  partition: MessagePartition;
  lastSeq: number;
  checkpoint: number;
  behind: number;
}

/**
 * The partitions whose checkpoint does not cover their last message in the log. A partition's
 * position is `readCheckpointStatement`'s (its checkpoint, or the whole stream's from before
 * partitions, whichever is greater), read for every partition in one round trip. Messages whose
 * subject names no partition are covered once any checkpoint passes them (the only consumer that
 * can read one is the one whose filter matches it).
 */
export async function laggingPartitions(client: SqlRunner, log: EventLog): Promise<PartitionLag[]> {
  const byPartition = [...messagesByPartition(log)];
  const results = await runStatements(
    client,
    byPartition.map(([partition]) =>
      readCheckpointStatement(READ_MODEL_SCHEMA, "literals", { partition: partition ?? "furthest" }),
    ),
  );
  return byPartition.flatMap(([partition, seqs], index) => {
    const checkpoint = checkpointOf(results[index]);
    const lastSeq = seqs.at(-1) ?? 0;
    if (checkpoint >= lastSeq) return [];
    return [{ partition, lastSeq, checkpoint, behind: seqs.filter((seq) => seq > checkpoint).length }];
  });
}

function lagInWords(lag: PartitionLag): string {
  const which = lag.partition === null ? "messages naming no partition" : `partition ${lag.partition}`;
  return `${which} at ${lag.checkpoint}, its last message ${lag.lastSeq} (${lag.behind} behind)`;
}

/**
 * Waits until the projector has applied or quarantined every message of the log: each partition's
 * checkpoint at or past that partition's last message (one partition's reaching the stream's last
 * sequence says nothing of the others'). On timeout the error names each partition still behind.
 */
export async function projectorCaughtUp(databaseUrl: string, log: EventLog, timeoutMs = 60_000): Promise<void> {
  let lagging: PartitionLag[] = [];
  await withClient(databaseUrl, async (client) => {
    try {
      await waitFor(
        async () => {
          lagging = await laggingPartitions(client, log);
          return lagging.length === 0;
        },
        { timeoutMs, intervalMs: 100, what: `every partition's checkpoint to reach its last message` },
      );
    } catch (error) {
      const where = lagging.length > 0 ? lagging.map(lagInWords).join("; ") : "no checkpoint could be read";
      throw new Error(
        `the projector did not catch up with the stream (last sequence ${log.lastSeq}) in ${timeoutMs} ms: ${where}`,
        { cause: error },
      );
    }
  });
}

/**
 * The read model is exactly the fold of the stream: every table, row and column equal to what the
 * pure projections give when folded over every event from sequence 1 (a rebuild), and every message
 * that fails verification or projection in quarantine, nothing else.
 */
export async function readModelMatchesStream(
  databaseUrl: string,
  log: EventLog,
  timeoutMs = 60_000,
): Promise<Violations> {
  await projectorCaughtUp(databaseUrl, log, timeoutMs);
  return withClient(databaseUrl, (client) => compareWithFold(client, foldStream(log)));
}
