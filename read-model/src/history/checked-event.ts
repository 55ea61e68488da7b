import {
  type CloudpaEvent,
  EnvelopeError,
  type EnvelopeErrorCode,
  HEADER_KEY_ID,
  type Keyring,
  openEvent,
} from "@cloudpa/contracts";

/** One message of the events stream as stored: bytes, headers and position. */
export interface StoredEvent {
  seq: number;
  subject: string;
  storedAt: Date;
  data: Uint8Array;
  headers: Record<string, string>;
}

/** The outcome of contracts' `openEvent` for one stored message: which key vouched for it, or why none did. */
export type SignatureCheck =
  | { valid: true; keyId: string }
  | { valid: false; keyId: string | null; code: EnvelopeErrorCode; reason: string };

/** A stored event after its envelope was checked, in a shape that prints and serialises as is. */
export interface CheckedEvent {
  seq: number;
  subject: string;
  /** When JetStream stored it (ISO 8601). */
  storedAt: string;
  headers: Record<string, string>;
  signature: SignatureCheck;
  /** The event, only when the envelope checks out. */
  event: CloudpaEvent | null;
  /** The payload as stored (parsed JSON, or the text when it is not JSON): shown, never trusted. */
  payload: unknown;
}

/** What a JetStream message offers (a consumed `JsMsg` or a `StoredMsg` read by sequence). */
export interface StreamMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
  time: Date;
  headers?: Iterable<[string, string[]]>;
}

export function storedEventOf(message: StreamMessage): StoredEvent {
  const headers: Record<string, string> = {};
  for (const [name, values] of message.headers ?? []) headers[name] = values.join(", ");
  return { seq: message.seq, subject: message.subject, storedAt: message.time, data: message.data, headers };
}

function payloadOf(data: Uint8Array): unknown {
  const text = Buffer.from(data).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Checks one stored event with contracts' `openEvent` (signature, schema, permission: the
 * verifier the projector uses) and keeps what an operator needs to see either way.
 */
export function checkStoredEvent(stored: StoredEvent, keyring: Keyring): CheckedEvent {
  const header = (name: string) => stored.headers[name];
  const keyId = header(HEADER_KEY_ID) || null;
  const shown = {
    seq: stored.seq,
    subject: stored.subject,
    storedAt: stored.storedAt.toISOString(),
    headers: stored.headers,
  };
  try {
    const event = openEvent(stored.data, header, keyring);
    return { ...shown, signature: { valid: true, keyId: keyId ?? "" }, event, payload: event };
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    return {
      ...shown,
      signature: { valid: false, keyId, code: error.code, reason: error.message },
      event: null,
      payload: payloadOf(stored.data),
    };
  }
}
