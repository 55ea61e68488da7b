import type { CloudpaEvent, HeaderLookup } from "@cloudpa/contracts";
import type { JsMsg } from "@nats-io/jetstream";

/** One stored message of the EVENTS stream, as the projector handles it. */
export interface StreamEvent {
  seq: number;
  subject: string;
  data: Uint8Array;
  header: HeaderLookup;
  /** When JetStream stored it: quarantine rows carry this, so a rebuild writes the same row. */
  storedAt: Date;
}

export function streamEventOf(msg: JsMsg): StreamEvent {
  return {
    seq: msg.seq,
    subject: msg.subject,
    data: msg.data,
    header: (name) => msg.headers?.get(name),
    storedAt: msg.time,
  };
}

/** A stream event after its envelope was checked: the event, or why it cannot be trusted. */
export type OpenedEvent =
  | { source: StreamEvent; event: CloudpaEvent }
  | { source: StreamEvent; refused: { code: string; reason: string } };
