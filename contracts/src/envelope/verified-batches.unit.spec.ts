import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { BatchPosition } from "./batch-position.js";
import { leafHash, merkleTree, nodesFromPath } from "./merkle.js";
import { VerifiedBatches } from "./verified-batches.js";

const { publicKey } = generateKeyPairSync("ed25519");
const { publicKey: otherKey } = generateKeyPairSync("ed25519");
const SIGNATURE = "c2lnbmF0dXJlIG9mIHRoZSByb290";

/** A batch of `size` messages: each one's leaf and position, as a verifier reads them. */
function batchOf(size: number, keyId = "ingress-1", tag = "a") {
  const leaves = Array.from({ length: size }, (_, i) => leafHash(keyId, Buffer.from(`message ${tag}${i}`)));
  const { paths } = merkleTree(leaves);
  return leaves.map((leaf, index) => ({
    leaf,
    position: { index, size, path: paths[index] ?? [] } satisfies BatchPosition,
  }));
}

type Message = ReturnType<typeof batchOf>[number];

/** What a verifier does after `verify` succeeded for `message`: remember its batch. */
function verified(batches: VerifiedBatches, message: Message, keyId = "ingress-1", signature = SIGNATURE) {
  const { leaf, position } = message;
  const nodes = nodesFromPath(leaf, position.index, position.size, position.path) ?? [];
  batches.remember(keyId, publicKey, signature, position, nodes);
}

const has = (batches: VerifiedBatches, { leaf, position }: Message, signature = SIGNATURE) =>
  batches.has("ingress-1", publicKey, signature, position, leaf);

function flippedStep(position: BatchPosition, step: number): BatchPosition {
  const path = position.path.map((node) => Buffer.from(node));
  const changed = path[step] as Buffer;
  changed[0] = (changed[0] ?? 0) ^ 0x01;
  return { ...position, path };
}

describe("verified batches: a message opens from its verified batch's tree", () => {
  it("given one message of a batch verified, every other message of it is held, in any order", () => {
    for (const size of [2, 3, 5, 8, 9, 14, 33, 70]) {
      for (const order of ["forward", "backward"]) {
        const messages = batchOf(size);
        const batches = new VerifiedBatches();
        const [first, ...rest] = order === "forward" ? messages : [...messages].reverse();
        verified(batches, first as Message);
        for (const message of rest) expect(has(batches, message), `${message.position.index}/${size}`).toBe(true);
        expect(batches.size).toBe(1);
      }
    }
  });

  it("given no batch remembered, or another signature, key id or public key, nothing is held", () => {
    const [first, second] = batchOf(4) as [Message, Message];
    const batches = new VerifiedBatches();
    expect(has(batches, second)).toBe(false);
    verified(batches, first);
    expect(has(batches, second, "YW5vdGhlciBzaWduYXR1cmU=")).toBe(false);
    expect(batches.has("ingress-2", publicKey, SIGNATURE, second.position, second.leaf)).toBe(false);
    expect(batches.has("ingress-1", otherKey, SIGNATURE, second.position, second.leaf)).toBe(false);
    expect(has(batches, second)).toBe(true);
  });

  // Every node of the tree known: a message whose full path would not reach the verified root must
  // still find no place in it, whatever node of its climb meets the tree first.
  it("when the whole batch has been opened, an altered message is still not held", () => {
    const size = 14;
    const messages = batchOf(size);
    const batches = new VerifiedBatches();
    verified(batches, messages[0] as Message);
    for (const message of messages) expect(has(batches, message)).toBe(true);
    const strangers = batchOf(size, "ingress-1", "b");
    messages.forEach((message, index) => {
      const { leaf, position } = message;
      // Another message's bytes at this place; this message at every other index; with another size.
      expect(has(batches, { leaf: (strangers[index] as Message).leaf, position })).toBe(false);
      for (let other = 0; other < size; other++) {
        if (other !== index) expect(has(batches, { leaf, position: { ...position, index: other } })).toBe(false);
      }
      for (const other of [size - 1, size + 1, size + 2]) {
        expect(has(batches, { leaf, position: { ...position, size: other } })).toBe(false);
      }
      // Each step of its path changed, the low ones and the ones above a node the tree knows.
      position.path.forEach((_, step) => {
        expect(has(batches, { leaf, position: flippedStep(position, step) })).toBe(false);
      });
      // Another message's leaf or an inner node presented as this message's leaf.
      expect(has(batches, { leaf: (messages[(index + 1) % size] as Message).leaf, position })).toBe(false);
      expect(has(batches, { leaf: position.path.at(-1) as Buffer, position })).toBe(false);
    });
  });

  it("keeps at most its limit of batches, the least recently used going first", () => {
    const batches = new VerifiedBatches(2);
    const [a, b, c] = ["a", "b", "c"].map((tag) => batchOf(3, "ingress-1", tag));
    verified(batches, a?.[0] as Message, "ingress-1", "A");
    verified(batches, b?.[0] as Message, "ingress-1", "B");
    expect(has(batches, a?.[1] as Message, "A")).toBe(true);
    verified(batches, c?.[0] as Message, "ingress-1", "C");
    expect(batches.size).toBe(2);
    expect(has(batches, b?.[1] as Message, "B")).toBe(false);
    expect(has(batches, a?.[2] as Message, "A")).toBe(true);
    expect(has(batches, c?.[2] as Message, "C")).toBe(true);
  });
});
