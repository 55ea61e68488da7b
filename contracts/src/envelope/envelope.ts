import { sign, verify } from "node:crypto";
import { type CloudpaCommand, cloudpaCommandSchema } from "../commands/send-reply.js";
import { type CloudpaEvent, cloudpaEventSchema } from "../events/cloudpa-event.js";
import { formatBatchPosition, parseBatchPosition, signedRootOf } from "./batch-position.js";
import { EnvelopeError } from "./envelope-error.js";
import { HEADER_BATCH, HEADER_KEY_ID, HEADER_SIGNATURE, type Keyring, type SigningKey } from "./keys.js";
import { leafHash, merkleTree, rootFromPath } from "./merkle.js";
import { VerifiedRoots } from "./verified-roots.js";

export interface SignedMessage {
  /** The exact bytes that were signed: publish these, never a re-serialisation. */
  data: Uint8Array;
  headers: { [HEADER_KEY_ID]: string; [HEADER_SIGNATURE]: string; [HEADER_BATCH]?: string };
}

/** The bytes of a message on the stream: what is signed, and published as is. */
export function encodeMessage(message: CloudpaEvent | CloudpaCommand): Buffer {
  return Buffer.from(JSON.stringify(message), "utf8");
}

/** Signs one message on its own (the first form, docs/decisions/004): the signature covers its bytes. */
export function signMessage(message: CloudpaEvent | CloudpaCommand, key: SigningKey): SignedMessage {
  return signEncoded(encodeMessage(message), key);
}

function signEncoded(data: Uint8Array, key: SigningKey): SignedMessage {
  const signature = sign(null, data, key.privateKey).toString("base64");
  return { data, headers: { [HEADER_KEY_ID]: key.keyId, [HEADER_SIGNATURE]: signature } };
}

/**
 * Signs encoded messages as one batch (docs/decisions/030): one Ed25519 signature over the root of
 * a Merkle tree of their leaves, and each message carries the signature and its position and path
 * in `Cloudpa-Batch`. A batch of one is signed on its own, as `signMessage` signs: exactly today's
 * cost and form, so a lone message costs nothing more (a leaf hash would).
 */
export function signEncodedBatch(batch: readonly Uint8Array[], key: SigningKey): SignedMessage[] {
  if (batch.length === 1) return [signEncoded(batch[0] as Uint8Array, key)];
  const { root, paths } = merkleTree(batch.map((data) => leafHash(key.keyId, data)));
  const signature = sign(null, signedRootOf(batch.length, root), key.privateKey).toString("base64");
  return batch.map((data, index) => ({
    data,
    headers: {
      [HEADER_KEY_ID]: key.keyId,
      [HEADER_SIGNATURE]: signature,
      [HEADER_BATCH]: formatBatchPosition({ index, size: batch.length, path: paths[index] ?? [] }),
    },
  }));
}

/** `signEncodedBatch` of messages. */
export function signBatch(messages: readonly (CloudpaEvent | CloudpaCommand)[], key: SigningKey): SignedMessage[] {
  return signEncodedBatch(messages.map(encodeMessage), key);
}

/** Reads one header; NATS's `MsgHdrs.get` fits (it answers "" for a missing header). */
export type HeaderLookup = (name: string) => string | undefined;

/** This thread's verified batch signatures, unless a caller passes its own. */
const verifiedRootsOfThread = new VerifiedRoots();

function checkSignature(data: Uint8Array, header: HeaderLookup, keyring: Keyring, verifiedRoots: VerifiedRoots) {
  const keyId = header(HEADER_KEY_ID);
  const signature = header(HEADER_SIGNATURE);
  if (!keyId || !signature) throw new EnvelopeError("ENVELOPE.UNSIGNED", "message carries no Cloud PA signature");
  const trusted = keyring.get(keyId);
  if (!trusted) throw new EnvelopeError("ENVELOPE.UNKNOWN_KEY", `key "${keyId}" is not a known public key`);
  const batch = header(HEADER_BATCH);
  let signed: Uint8Array = data;
  // Only a batch of two or more has other messages that could use its verified signature.
  let cached = false;
  if (batch) {
    // The root is recomputed from this message's bytes and path: no header can name it.
    const position = parseBatchPosition(batch);
    if (!position) throw new EnvelopeError("ENVELOPE.BAD_SIGNATURE", `batch position "${batch}" is malformed`);
    const root = rootFromPath(leafHash(keyId, data), position.index, position.size, position.path);
    if (!root) throw new EnvelopeError("ENVELOPE.BAD_SIGNATURE", `batch path does not fit position "${batch}"`);
    signed = signedRootOf(position.size, root);
    cached = position.size > 1;
  }
  const signatureBytes = Buffer.from(signature, "base64");
  if (cached && verifiedRoots.has(keyId, trusted.publicKey, signed, signatureBytes)) return { keyId, trusted };
  let valid = false;
  try {
    valid = verify(null, signed, trusted.publicKey, signatureBytes);
  } catch (cause) {
    throw new EnvelopeError("ENVELOPE.BAD_SIGNATURE", `signature by "${keyId}" is malformed`, { cause });
  }
  if (!valid) throw new EnvelopeError("ENVELOPE.BAD_SIGNATURE", `signature by "${keyId}" does not match the payload`);
  if (cached) verifiedRoots.remember(keyId, trusted.publicKey, signed, signatureBytes);
  return { keyId, trusted };
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString("utf8"));
  } catch (cause) {
    throw new EnvelopeError("ENVELOPE.BAD_SCHEMA", "payload is not JSON", { cause });
  }
}

function openWith<T extends { type: string }>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  data: Uint8Array,
  header: HeaderLookup,
  keyring: Keyring,
  verifiedRoots: VerifiedRoots,
): T {
  const { keyId, trusted } = checkSignature(data, header, keyring, verifiedRoots);
  const parsed = schema.safeParse(parseJson(data));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvelopeError(
      "ENVELOPE.BAD_SCHEMA",
      `payload does not match the contract: ${issue?.path.join(".")} ${issue?.message}`,
    );
  }
  if (!trusted.types.has(parsed.data.type)) {
    throw new EnvelopeError("ENVELOPE.NOT_ALLOWED", `key "${keyId}" may not sign ${parsed.data.type}`);
  }
  return parsed.data;
}

/**
 * Verifies signature (either form: on its own or in a batch), schema and permission of an event
 * from the stream; throws EnvelopeError. `verifiedRoots`: batch signatures already verified
 * (default: this thread's).
 */
export function openEvent(
  data: Uint8Array,
  header: HeaderLookup,
  keyring: Keyring,
  verifiedRoots = verifiedRootsOfThread,
): CloudpaEvent {
  return openWith(cloudpaEventSchema, data, header, keyring, verifiedRoots);
}

/** The same for a command. */
export function openCommand(
  data: Uint8Array,
  header: HeaderLookup,
  keyring: Keyring,
  verifiedRoots = verifiedRootsOfThread,
): CloudpaCommand {
  return openWith(cloudpaCommandSchema, data, header, keyring, verifiedRoots);
}
