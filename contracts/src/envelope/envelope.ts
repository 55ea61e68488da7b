import { sign, verify } from "node:crypto";
import { type CloudpaCommand, cloudpaCommandSchema } from "../commands/send-reply.js";
import { type CloudpaEvent, cloudpaEventSchema } from "../events/cloudpa-event.js";
import { EnvelopeError } from "./envelope-error.js";
import { HEADER_KEY_ID, HEADER_SIGNATURE, type Keyring, type SigningKey } from "./keys.js";

export interface SignedMessage {
  /** The exact bytes that were signed: publish these, never a re-serialisation. */
  data: Uint8Array;
  headers: Record<typeof HEADER_KEY_ID | typeof HEADER_SIGNATURE, string>;
}

export function signMessage(message: CloudpaEvent | CloudpaCommand, key: SigningKey): SignedMessage {
  const data = Buffer.from(JSON.stringify(message), "utf8");
  const signature = sign(null, data, key.privateKey).toString("base64");
  return { data, headers: { [HEADER_KEY_ID]: key.keyId, [HEADER_SIGNATURE]: signature } };
}

/** Reads one header; NATS's `MsgHdrs.get` fits (it answers "" for a missing header). */
export type HeaderLookup = (name: string) => string | undefined;

function checkSignature(data: Uint8Array, header: HeaderLookup, keyring: Keyring) {
  const keyId = header(HEADER_KEY_ID);
  const signature = header(HEADER_SIGNATURE);
  if (!keyId || !signature) throw new EnvelopeError("ENVELOPE.UNSIGNED", "message carries no Cloud PA signature");
  const trusted = keyring.get(keyId);
  if (!trusted) throw new EnvelopeError("ENVELOPE.UNKNOWN_KEY", `key "${keyId}" is not a known public key`);
  let valid = false;
  try {
    valid = verify(null, data, trusted.publicKey, Buffer.from(signature, "base64"));
  } catch (cause) {
    throw new EnvelopeError("ENVELOPE.BAD_SIGNATURE", `signature by "${keyId}" is malformed`, { cause });
  }
  if (!valid) throw new EnvelopeError("ENVELOPE.BAD_SIGNATURE", `signature by "${keyId}" does not match the payload`);
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
): T {
  const { keyId, trusted } = checkSignature(data, header, keyring);
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

/** Verifies signature, schema and permission of an event from the stream; throws EnvelopeError. */
export function openEvent(data: Uint8Array, header: HeaderLookup, keyring: Keyring): CloudpaEvent {
  return openWith(cloudpaEventSchema, data, header, keyring);
}

/** The same for a command. */
export function openCommand(data: Uint8Array, header: HeaderLookup, keyring: Keyring): CloudpaCommand {
  return openWith(cloudpaCommandSchema, data, header, keyring);
}
