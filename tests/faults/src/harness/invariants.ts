import {
  laggingPartitions as laggingPartitionsOf,
  type PartitionLag,
  READ_MODEL_SCHEMA,
  type SqlRunner,
} from "@cloudpa/read-model";
import { waitForPartitionsCaughtUp } from "@cloudpa/read-model/testing";
import { withClient } from "@cloudpa/testkit";
import type { TwilioSim } from "@cloudpa/twilio-sim";
import type { InboundOutcome } from "./customer-load.js";
import { type EventLog, eventsOfType, messagesByPartition } from "./event-log.js";
import { compareWithFold, foldStream } from "./stream-fold.js";

export type { PartitionLag };
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

/** A stream sequence JetStream acknowledged to the ingress for one webhook (its "inbound message recorded" line). */
export interface InboundAck {
  seq: number;
  messageSid: string;
}

/**
 * Each sequence JetStream acknowledged for a webhook holds that webhook's event in the log read
 * from the leader, and no sequence was acknowledged for two webhooks. A violation here is the
 * server's, not the product's: the stream lost or rewrote a write it had confirmed (with
 * nats-server 2.9.x, a replica that diverged during a pause later leading the stream, issue 17).
 */
export function acknowledgedSequencesHeld(log: EventLog, acks: readonly InboundAck[]): Violations {
  const violations: Violations = [];
  const atSeq = new Map(log.events.map((entry) => [entry.seq, entry.event]));
  const sidsBySeq = new Map<number, Set<string>>();
  for (const ack of acks) sidsBySeq.set(ack.seq, (sidsBySeq.get(ack.seq) ?? new Set()).add(ack.messageSid));
  for (const [seq, sids] of [...sidsBySeq].sort(([a], [b]) => a - b)) {
    if (sids.size > 1)
      violations.push(`stream sequence ${seq} was acknowledged for ${sids.size} webhooks: ${[...sids].join(", ")}`);
    const event = atSeq.get(seq);
    const held = event?.type === "InboundMessageReceived" ? event.messageSid : (event?.type ?? "nothing");
    for (const sid of sids)
      if (held !== sid) violations.push(`stream sequence ${seq} was acknowledged for webhook ${sid} but holds ${held}`);
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

/**
 * The partitions whose checkpoint does not cover their last message in the log: the read model's
 * `laggingPartitions` (one rule for every caught-up wait) over the log's messages by partition.
 */
export function laggingPartitions(client: SqlRunner, log: EventLog): Promise<PartitionLag[]> {
  return laggingPartitionsOf(client, READ_MODEL_SCHEMA, messagesByPartition(log));
}

/**
 * Waits until the projector has applied or quarantined every message of the log: each partition's
 * checkpoint at or past that partition's last message (one partition's reaching the stream's last
 * sequence says nothing of the others'). On timeout the error names each partition still behind.
 */
export async function projectorCaughtUp(databaseUrl: string, log: EventLog, timeoutMs = 60_000): Promise<void> {
  await withClient(databaseUrl, (client) =>
    waitForPartitionsCaughtUp(client, READ_MODEL_SCHEMA, messagesByPartition(log), { timeoutMs }),
  );
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
