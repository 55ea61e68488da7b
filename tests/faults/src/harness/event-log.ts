import { type CloudpaEvent, type CloudpaNames, EnvelopeError, type Keyring, openEvent } from "@cloudpa/contracts";
import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

/** One stored event that verified. */
export interface VerifiedEvent {
  seq: number;
  subject: string;
  event: CloudpaEvent;
}

/** One stored message that did not: the projector must quarantine it, never project it. */
export interface RejectedMessage {
  seq: number;
  subject: string;
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
    record(log, keyring, seq, message.subject, message.data, (name) => message.headers?.get(name));
    if (seq >= lastSeq) break;
  }
  await messages.close();
  return log;
}

function record(
  log: EventLog,
  keyring: Keyring,
  seq: number,
  subject: string,
  data: Uint8Array,
  header: (name: string) => string | undefined,
) {
  try {
    log.events.push({ seq, subject, event: openEvent(data, header, keyring) });
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    log.rejected.push({ seq, subject, code: error.code });
  }
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
      if (message) record(log, keyring, message.seq, message.subject, message.data, (name) => message.header.get(name));
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
