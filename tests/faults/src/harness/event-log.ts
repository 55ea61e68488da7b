import { type CloudpaEvent, type CloudpaNames, EnvelopeError, type Keyring, openEvent } from "@cloudpa/contracts";
import { type MessagePartition, partitionOfSubject, seqsByPartition } from "@cloudpa/read-model";
import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

// The read model's, here too so that a scenario reads a message's partition from one place.
export { type MessagePartition, partitionOfSubject };

/** One stored event that verified. */
export interface VerifiedEvent {
  seq: number;
  subject: string;
  partition: MessagePartition;
  event: CloudpaEvent;
}

/** One stored message that did not: the projector must quarantine it, never project it. */
export interface RejectedMessage {
  seq: number;
  subject: string;
  partition: MessagePartition;
  code: string;
}

export interface EventLog {
  events: VerifiedEvent[];
  rejected: RejectedMessage[];
  lastSeq: number;
}

/**
 * Reads every message of the namespace's EVENTS stream, in order, through an ordered consumer, and
 * opens each with the keyring: the ground truth the read model is compared with.
 */
export async function readEventLog(nc: NatsConnection, names: CloudpaNames, keyring: Keyring): Promise<EventLog> {
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const js: JetStreamClient = jetstream(nc);
  const info = await jsm.streams.info(names.eventsStream);
  const lastSeq = info.state.last_seq;
  const log: EventLog = { events: [], rejected: [], lastSeq };
  if (info.state.messages === 0) return log;
  const consumer = await js.consumers.get(names.eventsStream);
  const messages = await consumer.consume();
  for await (const message of messages) {
    const seq = message.info.streamSequence;
    record(log, names, keyring, seq, message.subject, message.data, (name) => message.headers?.get(name));
    if (seq >= lastSeq) break;
  }
  await messages.close();
  return log;
}

function record(
  log: EventLog,
  names: CloudpaNames,
  keyring: Keyring,
  seq: number,
  subject: string,
  data: Uint8Array,
  header: (name: string) => string | undefined,
) {
  const partition = partitionOfSubject(names, subject);
  try {
    log.events.push({ seq, subject, partition, event: openEvent(data, header, keyring) });
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    log.rejected.push({ seq, subject, partition, code: error.code });
  }
}

/**
 * Each partition's stored messages (events and rejected ones alike: a quarantined message moves
 * its partition's checkpoint too), by partition, each list in stream order; `null` gathers those
 * whose subject names no partition.
 */
export function messagesByPartition(log: EventLog): Map<MessagePartition, number[]> {
  return seqsByPartition([...log.events, ...log.rejected]);
}

/**
 * The same log read message by message from the stream's leader (STREAM.MSG.GET), for a cluster:
 * an ordered consumer has one replica, which the server may place on a node still catching up
 * after a fault (SIGSTOP, SIGCONT), and that node then serves its own, older or diverging view
 * (seen with nats-server 2.9.10: a read that never ended, or messages missing and doubled).
 */
export async function readEventLogFromLeader(
  nc: NatsConnection,
  names: CloudpaNames,
  keyring: Keyring,
): Promise<EventLog> {
  const jsm = await jetstreamManager(nc);
  const { state } = (await jsm.streams.info(names.eventsStream)) as StreamInfo;
  const log: EventLog = { events: [], rejected: [], lastSeq: state.last_seq };
  for (let from = state.first_seq; from <= state.last_seq; from += 100) {
    const seqs = Array.from({ length: Math.min(100, state.last_seq - from + 1) }, (_, index) => from + index);
    const stored = await Promise.all(
      seqs.map((seq) => jsm.streams.getMessage(names.eventsStream, { seq }).catch(() => null)),
    );
    for (const message of stored) {
      if (message)
        record(log, names, keyring, message.seq, message.subject, message.data, (name) => message.header.get(name));
    }
  }
  return log;
}

/** The events of one type, typed. */
export function eventsOfType<T extends CloudpaEvent["type"]>(
  log: EventLog,
  type: T,
): Array<Extract<CloudpaEvent, { type: T }>> {
  return log.events
    .map((entry) => entry.event)
    .filter((event): event is Extract<CloudpaEvent, { type: T }> => event.type === type);
}
