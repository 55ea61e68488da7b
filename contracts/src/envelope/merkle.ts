import { hash } from "node:crypto";

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
  // One buffer and a one-shot hash: a verifier hashes each message's leaf and its path (a few µs a
  // message with createHash's four updates and digest).
  const bytes = Buffer.allocUnsafe(2 + id.length + data.length);
  bytes[0] = LEAF_TAG;
  bytes[1] = id.length;
  id.copy(bytes, 2);
  bytes.set(data, 2 + id.length);
  return hash("sha256", bytes, "buffer");
}

/** An inner node: SHA-256 of 0x01, the left child and the right child. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const bytes = Buffer.allocUnsafe(1 + left.length + right.length);
  bytes[0] = NODE_TAG;
  bytes.set(left, 1);
  bytes.set(right, 1 + left.length);
  return hash("sha256", bytes, "buffer");
}

/** One level of a leaf's way up to the root: its node's position there, and its sibling's. */
export interface PathLevel {
  at: number;
  /** Undefined for a last odd node, which goes up unchanged. */
  sibling: number | undefined;
}

/**
 * The shape of the tree: each level pairs its nodes two by two, left to right, and a last odd
 * node goes up unchanged. So (index, size) alone say, level by level below the root, where a
 * leaf's node is and whether it has a sibling; a path has one step for each sibling.
 */
export function pathLevels(index: number, size: number): PathLevel[] {
  const levels: PathLevel[] = [];
  for (let at = index, count = size; count > 1; at >>= 1, count = (count + 1) >> 1) {
    const sibling = at % 2 === 1 ? at - 1 : at + 1 < count ? at + 1 : undefined;
    levels.push({ at, sibling });
  }
  return levels;
}

/** The number of nodes at each level of a batch of `size`, from the leaves up to the root. */
export function levelSizes(size: number): number[] {
  const sizes = [size];
  for (let count = size; count > 1; ) {
    count = (count + 1) >> 1;
    sizes.push(count);
  }
  return sizes;
}

/** The steps of the path of a leaf at `index` of a batch of `size`. */
export function pathLength(index: number, size: number): number {
  return pathLevels(index, size).filter((level) => level.sibling !== undefined).length;
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
 * The nodes a leaf at `index` of a batch of `size` passes through on its way up `path`, level by
 * level: the leaf first, the root last. Undefined when the path does not have the length that
 * position takes (a truncated or padded path).
 */
export function nodesFromPath(
  leaf: Buffer,
  index: number,
  size: number,
  path: readonly Buffer[],
): Buffer[] | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return undefined;
  const levels = pathLevels(index, size);
  if (path.length !== levels.filter((level) => level.sibling !== undefined).length) return undefined;
  const nodes = [leaf];
  let node = leaf;
  let step = 0;
  for (const { at, sibling } of levels) {
    if (sibling !== undefined) {
      const other = path[step++] as Buffer;
      node = sibling < at ? nodeHash(other, node) : nodeHash(node, other);
    }
    nodes.push(node);
  }
  return nodes;
}

/** The root a leaf reaches through its path (`nodesFromPath`'s last node). */
export function rootFromPath(leaf: Buffer, index: number, size: number, path: readonly Buffer[]): Buffer | undefined {
  return nodesFromPath(leaf, index, size, path)?.at(-1);
}
