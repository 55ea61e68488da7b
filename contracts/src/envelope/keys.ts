import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { CloudpaCommand } from "../commands/send-reply.js";
import type { CloudpaEventType } from "../events/cloudpa-event.js";
import { EnvelopeError } from "./envelope-error.js";

export type SignedType = CloudpaEventType | CloudpaCommand["type"];
export type Producer = "ingress" | "outbound" | "web";

/** Each producer may sign only what it owns (DESIGN.md). */
export const PRODUCER_TYPES: Record<Producer, readonly SignedType[]> = {
  ingress: ["InboundMessageReceived", "MessageStatusUpdated"],
  outbound: ["ReplySent", "ReplyFailed", "InboundMediaStored"],
  web: [
    "ChannelConnected",
    "ChannelDisconnected",
    "ConversationRead",
    "SendReply",
    "ContactErased",
    "ConversationArchived",
    "ConversationUnarchived",
    "ConversationSnoozed",
    "ConversationPinned",
    "ConversationUnpinned",
    "ConversationMarkedUnread",
    "ConversationMuted",
    "ConversationUnmuted",
    "LabelCreated",
    "LabelRenamed",
    "LabelRecoloured",
    "LabelDeleted",
    "ConversationLabelled",
    "ConversationUnlabelled",
    "NoteAdded",
    "NoteEdited",
    "NoteDeleted",
    "ContactDetailsUpdated",
    "SavedReplyCreated",
    "SavedReplyEdited",
    "SavedReplyDeleted",
  ],
};

export const HEADER_KEY_ID = "Cloudpa-Key-Id";
export const HEADER_SIGNATURE = "Cloudpa-Signature";
/** On a message signed in a batch: `<index>/<size>` and the base64 of its path (docs/decisions/030). */
export const HEADER_BATCH = "Cloudpa-Batch";

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

export interface TrustedKey {
  publicKey: KeyObject;
  types: ReadonlySet<string>;
}

/** key id → public key and what it may sign. */
export type Keyring = ReadonlyMap<string, TrustedKey>;

const keyIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "key id: letters, digits, '.', '_' or '-'");

/** A signing key as written in env: `<keyId>:<base64 PKCS#8 DER of an Ed25519 key>`. */
export const signingKeySchema = z
  .string()
  .regex(/^[^:]+:[A-Za-z0-9+/=]+$/, "expected <keyId>:<base64 PKCS#8 Ed25519 key>")
  .transform((value, ctx): SigningKey => {
    const at = value.indexOf(":");
    const keyId = value.slice(0, at);
    if (!keyIdSchema.safeParse(keyId).success) {
      ctx.addIssue({ code: "custom", message: "bad key id" });
      return z.NEVER;
    }
    try {
      const privateKey = createPrivateKey({
        key: Buffer.from(value.slice(at + 1), "base64"),
        format: "der",
        type: "pkcs8",
      });
      if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("not an Ed25519 key");
      return { keyId, privateKey };
    } catch {
      ctx.addIssue({ code: "custom", message: "not a base64 PKCS#8 Ed25519 private key" });
      return z.NEVER;
    }
  });

/** `EVENT_PUBLIC_KEYS`: JSON `{ "<keyId>": { "publicKey": "<base64 SPKI DER>", "types": [...] } }`. */
export const publicKeysSchema = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "EVENT_PUBLIC_KEYS is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.record(keyIdSchema, z.object({ publicKey: z.string().min(1), types: z.array(z.string()).min(1) })))
  .transform((entries, ctx): Keyring => {
    const keyring = new Map<string, TrustedKey>();
    for (const [keyId, entry] of Object.entries(entries)) {
      try {
        const publicKey = createPublicKey({ key: Buffer.from(entry.publicKey, "base64"), format: "der", type: "spki" });
        keyring.set(keyId, { publicKey, types: new Set(entry.types) });
      } catch {
        ctx.addIssue({ code: "custom", message: `public key of "${keyId}" is not a base64 SPKI key` });
      }
    }
    return keyring;
  });

export interface GeneratedKey {
  /** The value of the producer's `*_SIGNING_KEY`. */
  signingKey: string;
  /** This key's entry in `EVENT_PUBLIC_KEYS`. */
  publicEntry: { publicKey: string; types: SignedType[] };
  keyId: string;
}

/** A producer's entry in `EVENT_PUBLIC_KEYS` for its key (private or public), trusted for what it may sign. */
export function publicEntryOf(producer: Producer, key: KeyObject): GeneratedKey["publicEntry"] {
  const publicKey = key.type === "public" ? key : createPublicKey(key);
  return {
    publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    types: [...PRODUCER_TYPES[producer]],
  };
}

export function generateSigningKey(producer: Producer, keyId = `${producer}-${Date.now().toString(36)}`): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    keyId,
    signingKey: `${keyId}:${privateKey.export({ format: "der", type: "pkcs8" }).toString("base64")}`,
    publicEntry: publicEntryOf(producer, publicKey),
  };
}

export function keyringOf(entries: Record<string, GeneratedKey["publicEntry"]>): Keyring {
  return publicKeysSchema.parse(JSON.stringify(entries));
}

export function parseSigningKey(value: string): SigningKey {
  const parsed = signingKeySchema.safeParse(value);
  if (!parsed.success) throw new EnvelopeError("ENVELOPE.UNKNOWN_KEY", parsed.error.issues[0]?.message ?? "bad key");
  return parsed.data;
}
