import { digestOf } from "./digest.js";

/** Namespace UUID of Cloud PA's deterministic ids (RFC 9562 UUIDv5). */
const CLOUDPA_UUID_NAMESPACE = "5d0b5f43-7a2c-4b8e-9a51-2f0c1d6e8b37";

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

/** Cloud PA's namespace as bytes, parsed once: every event id and conversation id hashes it. */
const CLOUDPA_NAMESPACE_BYTES = uuidBytes(CLOUDPA_UUID_NAMESPACE);

export function uuidv5(name: string, namespace: string = CLOUDPA_UUID_NAMESPACE): string {
  const namespaceBytes = namespace === CLOUDPA_UUID_NAMESPACE ? CLOUDPA_NAMESPACE_BYTES : uuidBytes(namespace);
  const input = Buffer.allocUnsafe(namespaceBytes.length + Buffer.byteLength(name, "utf8"));
  namespaceBytes.copy(input, 0);
  input.write(name, namespaceBytes.length, "utf8");
  const bytes = digestOf("sha1", input).subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The org that owns the env channel (TWILIO_WHATSAPP_FROM) and the local demo freelancer. */
export const DEFAULT_ORG_ID = uuidv5("org:default");

/** A channel's id follows from its org and number, so reconnecting a number keeps its history. */
export function channelIdFor(orgId: string, externalPhoneId: string): string {
  return uuidv5(`channel:${orgId}:${externalPhoneId.trim()}`);
}

/**
 * A conversation is one customer on one channel. Ingress computes it without reading
 * Postgres, and a replay produces the same id.
 */
export function conversationIdFor(channelId: string, customerHandle: string): string {
  return uuidv5(`conversation:${channelId}:${customerHandle.trim()}`);
}

export function contactIdFor(orgId: string, customerHandle: string): string {
  return uuidv5(`contact:${orgId}:${customerHandle.trim()}`);
}

/** Ids of events that are facts about one Twilio message are derived from that message. */
export function eventIdFor(kind: string, key: string): string {
  return uuidv5(`event:${kind}:${key}`);
}

/**
 * A SendReply's commandId, from the org and the key its client chose (the API's
 * `Idempotency-Key`, the inbox form's own UUID). The same key sends one message; the org is
 * part of the name, so no key chosen in one org can name another org's command (decision 006).
 */
export function commandIdFor(orgId: string, clientKey: string): string {
  return uuidv5(`idempotency:${orgId}:${clientKey}`);
}

/**
 * An automatic reply's commandId (issue 15, docs/decisions/026), derived from what triggered it:
 * the org, the kind and the key of the trigger (the conversation and the off-hours period's start
 * for an away message, the conversation for a greeting). A redelivered or replayed trigger names the
 * same command, so JetStream and the outbound send it once; the `auto-reply:` prefix keeps these
 * ids apart from every client-chosen key's.
 */
export function autoReplyCommandIdFor(orgId: string, kind: "away" | "greeting", triggerKey: string): string {
  return uuidv5(`auto-reply:${orgId}:${kind}:${triggerKey}`);
}
