import { sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SendReply } from "../commands/send-reply.js";
import type { ConversationRead } from "../events/conversation-read.js";
import { DEFAULT_ORG_ID, eventIdFor } from "../ids.js";
import { signedRootOf } from "./batch-position.js";
import { openCommand, openEvent, type SignedMessage, signBatch, signMessage } from "./envelope.js";
import { EnvelopeError, type EnvelopeErrorCode } from "./envelope-error.js";
import {
  generateSigningKey,
  HEADER_BATCH,
  HEADER_KEY_ID,
  HEADER_SIGNATURE,
  type Keyring,
  keyringOf,
  parseSigningKey,
} from "./keys.js";
import { HASH_BYTES, leafHash } from "./merkle.js";
import { VerifiedRoots } from "./verified-roots.js";

const web = generateSigningKey("web", "web-1");
const ingress = generateSigningKey("ingress", "ingress-1");
const keyring = keyringOf({ "web-1": web.publicEntry, "ingress-1": ingress.publicEntry });
const webKey = parseSigningKey(web.signingKey);

const readOf = (n: number): ConversationRead => ({
  type: "ConversationRead",
  version: 1,
  eventId: eventIdFor("read", String(n)),
  orgId: DEFAULT_ORG_ID,
  occurredAt: "2026-11-25T10:00:00.000Z",
  conversationId: "0b9f1c1e-8f57-5d6b-9a0e-3c1f6b8e2d11",
  readBy: `user-${n}`,
  readAt: "2026-11-25T10:00:00.000Z",
});
const readsOf = (n: number) => Array.from({ length: n }, (_, i) => readOf(i));

const lookup = (headers: Record<string, string | undefined>) => (name: string) => headers[name];

function codeOf(run: () => unknown): EnvelopeErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvelopeError) return error.code;
    throw error;
  }
  return undefined;
}

function open(signed: SignedMessage, roots: VerifiedRoots, ring: Keyring = keyring) {
  return openEvent(signed.data, lookup(signed.headers), ring, roots);
}

function withHeader(signed: SignedMessage, name: string, value: string | undefined): SignedMessage {
  return { data: signed.data, headers: { ...signed.headers, [name]: value } as SignedMessage["headers"] };
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe("events signed in a batch", () => {
  it.each([2, 3, 5, 8, 256])("given a batch of %i, each message opens, for one verified signature", (size) => {
    const events = readsOf(size);
    const roots = new VerifiedRoots();
    const signed = signBatch(events, webKey);
    expect(new Set(signed.map((message) => message.headers[HEADER_SIGNATURE])).size).toBe(1);
    expect(signed.map((message) => open(message, roots))).toEqual(events);
    expect(roots.size).toBe(1);
  });

  it("given a batch of one, signs it on its own, exactly as signMessage does (no Cloudpa-Batch)", () => {
    const [signed] = signBatch([readOf(1)], webKey) as [SignedMessage];
    expect(signed).toEqual(signMessage(readOf(1), webKey));
    expect(signed.headers[HEADER_BATCH]).toBeUndefined();
    const roots = new VerifiedRoots();
    expect(open(signed, roots)).toEqual(readOf(1));
    expect(roots.size).toBe(0);
  });

  it("opens the batch form of a batch of one (0/1, its leaf as root), without remembering it", () => {
    const data = Buffer.from(JSON.stringify(readOf(1)));
    const signature = sign(null, signedRootOf(1, leafHash("web-1", data)), webKey.privateKey).toString("base64");
    const headers = { [HEADER_KEY_ID]: "web-1", [HEADER_SIGNATURE]: signature, [HEADER_BATCH]: "0/1" };
    const roots = new VerifiedRoots();
    expect(open({ data, headers }, roots)).toEqual(readOf(1));
    expect(roots.size).toBe(0);
    expect(codeOf(() => open({ data: flipped(data, 30), headers }, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("opens a SendReply command signed in a batch", () => {
    const command: SendReply = {
      type: "SendReply",
      version: 1,
      commandId: "4e4b5b8e-2a55-4bd0-8d77-9a2b1a3f1c10",
      orgId: DEFAULT_ORG_ID,
      conversationId: readOf(0).conversationId,
      text: "On my way 🚐",
      requestedBy: "user-1",
      requestedAt: "2026-11-25T10:00:00.000Z",
    };
    const [, sent] = signBatch([readOf(0), command], webKey) as [SignedMessage, SignedMessage];
    expect(openCommand(sent.data, lookup(sent.headers), keyring, new VerifiedRoots())).toEqual(command);
  });

  it("when one byte of a message changes, it is refused, even after its batch's signature was verified", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(5), webKey);
    open(signed[0] as SignedMessage, roots);
    const altered = { ...(signed[3] as SignedMessage), data: flipped((signed[3] as SignedMessage).data, 40) };
    expect(codeOf(() => open(altered, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("when another message of the same batch takes a message's headers, it is refused", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(4), webKey);
    open(signed[0] as SignedMessage, roots);
    const swapped = { data: (signed[2] as SignedMessage).data, headers: (signed[1] as SignedMessage).headers };
    expect(codeOf(() => open(swapped, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("when a message is moved into another batch (its headers), it is refused", () => {
    const roots = new VerifiedRoots();
    const first = signBatch(readsOf(4), webKey);
    const second = signBatch([readOf(10), readOf(11), readOf(12), readOf(13)], webKey);
    for (const message of second) open(message, roots);
    const moved = { data: (first[2] as SignedMessage).data, headers: (second[2] as SignedMessage).headers };
    expect(codeOf(() => open(moved, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("when the index or the size is changed, it is refused", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(9), webKey);
    open(signed[0] as SignedMessage, roots);
    const message = signed[4] as SignedMessage;
    const [, path] = (message.headers[HEADER_BATCH] as string).split(" ");
    // 4/10 takes the same path as 4/9 to the same tree root: only the signed size tells them apart.
    for (const position of ["5/9", "4/10", "4/11", "0/9"]) {
      expect(codeOf(() => open(withHeader(message, HEADER_BATCH, `${position} ${path}`), roots))).toBe(
        "ENVELOPE.BAD_SIGNATURE",
      );
    }
  });

  it("when a step of the path changes, or the path is truncated, padded or malformed, it is refused", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(8), webKey);
    open(signed[0] as SignedMessage, roots);
    const message = signed[5] as SignedMessage;
    const [position, path = ""] = (message.headers[HEADER_BATCH] as string).split(" ");
    const bytes = Buffer.from(path, "base64");
    const changed = Buffer.from(flipped(bytes, 33)).toString("base64");
    const truncated = bytes.subarray(0, 64).toString("base64");
    const padded = Buffer.concat([bytes, bytes.subarray(0, 32)]).toString("base64");
    for (const header of [
      `${position} ${changed}`,
      `${position} ${truncated}`,
      `${position} ${padded}`,
      `${position}`,
      `${position} not*base64`,
      "5-8",
      "05/8",
      "8/8",
    ]) {
      expect(codeOf(() => open(withHeader(message, HEADER_BATCH, header), roots))).toBe("ENVELOPE.BAD_SIGNATURE");
    }
  });

  it("when the batch signature is altered, it is refused, though the true one is verified already", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(3), webKey);
    open(signed[0] as SignedMessage, roots);
    const signature = Buffer.from(flipped(Buffer.from(signed[1]?.headers[HEADER_SIGNATURE] ?? "", "base64"), 7));
    const message = withHeader(signed[1] as SignedMessage, HEADER_SIGNATURE, signature.toString("base64"));
    expect(codeOf(() => open(message, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
    expect(roots.size).toBe(1);
  });

  it("when the key id names another trusted key, or no trusted key, it is refused", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(3), webKey);
    open(signed[1] as SignedMessage, roots);
    const other = withHeader(signed[1] as SignedMessage, HEADER_KEY_ID, "ingress-1");
    expect(codeOf(() => open(other, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
    const unknown = withHeader(signed[1] as SignedMessage, HEADER_KEY_ID, "mallory");
    expect(codeOf(() => open(unknown, roots))).toBe("ENVELOPE.UNKNOWN_KEY");
  });

  it("when the batch header is removed or added, neither form passes for the other", () => {
    const roots = new VerifiedRoots();
    const [batched] = signBatch([readOf(1), readOf(2)], webKey) as [SignedMessage];
    expect(codeOf(() => open(withHeader(batched, HEADER_BATCH, undefined), roots))).toBe("ENVELOPE.BAD_SIGNATURE");
    const single = signMessage(readOf(1), webKey);
    expect(codeOf(() => open(withHeader(single, HEADER_BATCH, "0/1"), roots))).toBe("ENVELOPE.BAD_SIGNATURE");
    expect(open(single, roots)).toEqual(readOf(1));
  });

  // The batch's root is then cached: each alteration must still be refused, not read off the cache.
  it("when every message of a batch has been opened, an altered one is still refused", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(9), webKey);
    for (const message of signed) open(message, roots);
    // A signature by the same key over another batch (Ed25519 signs the same bytes the same way).
    const otherSignature = signBatch(readsOf(10), webKey)[0]?.headers[HEADER_SIGNATURE];
    signed.forEach((message, index) => {
      const [position = "", path = ""] = (message.headers[HEADER_BATCH] as string).split(" ");
      const steps = Buffer.from(path, "base64").length / HASH_BYTES;
      const altered = [
        { ...message, data: flipped(message.data, 40) },
        { data: (signed[(index + 1) % 9] as SignedMessage).data, headers: message.headers },
        withHeader(message, HEADER_SIGNATURE, otherSignature),
        withHeader(message, HEADER_KEY_ID, "ingress-1"),
        withHeader(message, HEADER_BATCH, `${(index + 1) % 9}/9 ${path}`),
        withHeader(message, HEADER_BATCH, `${position.split("/")[0]}/10 ${path}`),
        ...Array.from({ length: steps }, (_, step) =>
          withHeader(
            message,
            HEADER_BATCH,
            `${position} ${Buffer.from(flipped(Buffer.from(path, "base64"), step * HASH_BYTES + 5)).toString("base64")}`,
          ),
        ),
      ];
      for (const variant of altered) expect(codeOf(() => open(variant, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
      expect(open(message, roots)).toEqual(readOf(index));
    });
    expect(roots.size).toBe(1);
  });

  it("checks each message's type against its key: a batch is no wider permission", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(2), parseSigningKey(ingress.signingKey));
    expect(codeOf(() => open(signed[0] as SignedMessage, roots))).toBe("ENVELOPE.NOT_ALLOWED");
    expect(codeOf(() => open(signed[1] as SignedMessage, roots))).toBe("ENVELOPE.NOT_ALLOWED");
  });
});

describe("verified batch signatures (the cache)", () => {
  it("given a batch verified with one key, a keyring with another key under the same id verifies afresh and refuses", () => {
    const roots = new VerifiedRoots();
    const signed = signBatch(readsOf(3), webKey);
    open(signed[0] as SignedMessage, roots);
    const impostor = generateSigningKey("web", "web-1");
    const otherRing = keyringOf({ "web-1": impostor.publicEntry });
    expect(codeOf(() => open(signed[1] as SignedMessage, roots, otherRing))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("remembers nothing that failed, so a refused batch is checked again every time", () => {
    const roots = new VerifiedRoots();
    const impostor = parseSigningKey(generateSigningKey("web", "web-1").signingKey);
    const forged = signBatch(readsOf(3), impostor);
    for (const message of forged) expect(codeOf(() => open(message, roots))).toBe("ENVELOPE.BAD_SIGNATURE");
    expect(roots.size).toBe(0);
  });

  it("keeps at most its limit, the least recently used going first", () => {
    const roots = new VerifiedRoots(2);
    const batches = [0, 1, 2].map((n) => signBatch([readOf(n), readOf(n + 100)], webKey));
    for (const batch of batches) open(batch[0] as SignedMessage, roots);
    expect(roots.size).toBe(2);
    // The first batch was dropped: it still opens, by verifying again.
    expect(open(batches[0]?.[1] as SignedMessage, roots)).toEqual(readOf(100));
    expect(roots.size).toBe(2);
  });
});
