import { digestOf } from "../digest.js";

/** Bytes of one SHA-256 digest: a leaf, a node, a root and each step of a path. */
export const HASH_BYTES = 32;

const LEAF_TAG = 0x00;
const NODE_TAG = 0x01;

/**
 * The leaf of one message in a signed batch: SHA-256 of 0x00, the signing key's id (length first)
 * and the message's exact bytes. The key id is bound so that a leaf vouches for one key only; the
 * 0x00 keeps a leaf from ever being read as an inner node (0x01), so a path cannot stop early.
 */
export function leafHash(keyId: string, data: Uint8Array): Buffer {
  const id = Buffer.from(keyId, "utf8");
  if (id.length > 255) throw new RangeError("a key id takes at most 255 bytes");
  // One buffer and a one-shot digest: a verifier hashes each message's leaf and its path (a few µs a
  // message with createHash's four updates and digest).
  const bytes = Buffer.allocUnsafe(2 + id.length + data.length);
  bytes[0] = LEAF_TAG;
  bytes[1] = id.length;
  id.copy(bytes, 2);
  bytes.set(data, 2 + id.length);
  return digestOf("sha256", bytes);
}

/** An inner node: SHA-256 of 0x01, the left child and the right child. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const bytes = Buffer.allocUnsafe(1 + left.length + right.length);
  bytes[0] = NODE_TAG;
  bytes.set(left, 1);
  bytes.set(right, 1 + left.length);
  return digestOf("sha256", bytes);
}

/**
 * The shape of the tree: each level pairs its nodes two by two, left to right, and a last odd
 * node goes up unchanged. So (index, size) alone says, level by level, whether a node has a
 * sibling and on which side; a path has exactly `pathLength(index, size)` steps.
 */
export function pathLength(index: number, size: number): number {
  let steps = 0;
  for (let at = index, count = size; count > 1; at >>= 1, count = (count + 1) >> 1) {
    if (at % 2 === 1 || at + 1 < count) steps++;
  }
  return steps;
}

/** The root of a batch and each leaf's path (its siblings, bottom up). */
export function merkleTree(leaves: readonly Buffer[]): { root: Buffer; paths: Buffer[][] } {
  if (leaves.length === 0) throw new RangeError("a batch has at least one message");
  const paths: Buffer[][] = leaves.map(() => []);
  // Which node of the current level each leaf is under.
  const positions = leaves.map((_, index) => index);
  let level = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let at = 0; at < level.length; at += 2) {
      const left = level[at] as Buffer;
      const right = level[at + 1];
      next.push(right ? nodeHash(left, right) : left);
    }
    for (let leaf = 0; leaf < leaves.length; leaf++) {
      const at = positions[leaf] as number;
      const sibling = at % 2 === 1 ? level[at - 1] : level[at + 1];
      if (sibling) paths[leaf]?.push(sibling);
      positions[leaf] = at >> 1;
    }
    level = next;
  }
  return { root: level[0] as Buffer, paths };
}

/**
 * The root a leaf at `index` of a batch of `size` reaches through `path`, or undefined when the
 * path does not have the length that position takes (a truncated or padded path).
 */
export function rootFromPath(leaf: Buffer, index: number, size: number, path: readonly Buffer[]): Buffer | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return undefined;
  if (path.length !== pathLength(index, size)) return undefined;
  let node = leaf;
  let step = 0;
  for (let at = index, count = size; count > 1; at >>= 1, count = (count + 1) >> 1) {
    if (at % 2 === 1) node = nodeHash(path[step++] as Buffer, node);
    else if (at + 1 < count) node = nodeHash(node, path[step++] as Buffer);
  }
  return node;
}
