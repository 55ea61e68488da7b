import { type CloudpaEvent, type CloudpaNames, EnvelopeError, type Keyring, openEvent } from "@cloudpa/contracts";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
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
    try {
      const event = openEvent(message.data, (name) => message.headers?.get(name), keyring);
      log.events.push({ seq, subject: message.subject, event });
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      log.rejected.push({ seq, subject: message.subject, code: error.code });
    }
    if (seq >= lastSeq) break;
  }
  await messages.close();
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
