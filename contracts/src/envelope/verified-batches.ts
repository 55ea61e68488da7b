import type { KeyObject } from "node:crypto";
import type { BatchPosition } from "./batch-position.js";
import { HASH_BYTES, levelSizes, nodeHash, type PathLevel, pathLevels } from "./merkle.js";

/**
 * The nodes known so far of one verified batch's tree, each at its (level, position): the root,
 * and every node and sibling on the paths of the messages opened since. All of them lie in a tree
 * whose root the batch's signature was verified over.
 */
class VerifiedTree {
  private readonly levelStarts: number[] = [];
  private readonly nodes: Buffer;
  private readonly known: Uint8Array;

  constructor(
    readonly publicKey: KeyObject,
    size: number,
  ) {
    let slots = 0;
    for (const count of levelSizes(size)) {
      this.levelStarts.push(slots);
      slots += count;
    }
    this.nodes = Buffer.alloc(slots * HASH_BYTES);
    this.known = new Uint8Array(slots);
  }

  /** Whether the node at (level, at) is known and is `node`; undefined when it is not known. */
  holds(level: number, at: number, node: Buffer): boolean | undefined {
    const slot = (this.levelStarts[level] as number) + at;
    if (this.known[slot] !== 1) return undefined;
    return this.nodes.compare(node, 0, HASH_BYTES, slot * HASH_BYTES, (slot + 1) * HASH_BYTES) === 0;
  }

  learn(level: number, at: number, node: Buffer): void {
    const slot = (this.levelStarts[level] as number) + at;
    node.copy(this.nodes, slot * HASH_BYTES, 0, HASH_BYTES);
    this.known[slot] = 1;
  }

  /** Learns, on each of `levels`, the node a path passed through (`nodes`) and its sibling (`path`). */
  learnPath(levels: readonly PathLevel[], path: readonly Buffer[], nodes: readonly Buffer[]): void {
    let step = 0;
    levels.forEach(({ at, sibling }, level) => {
      this.learn(level, at, nodes[level] as Buffer);
      if (sibling !== undefined) this.learn(level, sibling, path[step++] as Buffer);
    });
  }
}

/**
 * The batch signatures this thread has verified (docs/decisions/030), with the nodes of their
 * trees, so that a batch costs one Ed25519 verification per verifier and its other messages a
 * leaf hash and, on average, about one node hash each (docs/decisions/044). A batch is keyed by
 * its key id, size and signature header, and remembers the public key object that verified it: a
 * hit needs the very same key, so a keyring that names another key under that id verifies afresh.
 * A message opens from the cache only when its leaf, climbing its own path, meets a known node of
 * that tree at its own position and every step of its path above that node is the tree's own
 * sibling there: exactly when its full path would reach the verified root. Only `remember` after a
 * verification that succeeded adds a batch. Bounded: the least recently used batch goes first.
 */
export class VerifiedBatches {
  private readonly trees = new Map<string, VerifiedTree>();

  constructor(readonly limit = 1024) {}

  get size(): number {
    return this.trees.size;
  }

  private static keyOf(keyId: string, size: number, signature: string): string {
    return `${keyId}\n${size}\n${signature}`;
  }

  /**
   * Whether the message whose leaf is `leaf`, at `position`, lies in a batch `publicKey` verified
   * under `keyId` and `signature`. On a hit, the tree learns the nodes the message showed.
   */
  has(keyId: string, publicKey: KeyObject, signature: string, position: BatchPosition, leaf: Buffer): boolean {
    const key = VerifiedBatches.keyOf(keyId, position.size, signature);
    const tree = this.trees.get(key);
    if (tree?.publicKey !== publicKey) return false;
    const levels = pathLevels(position.index, position.size);
    const climbed: Buffer[] = [];
    let node = leaf;
    let step = 0;
    for (let level = 0; ; level++) {
      const below = levels[level];
      // Above the last level is the root, which a verified tree always knows.
      const known = tree.holds(level, below?.at ?? 0, node);
      if (known === false || (known === undefined && below === undefined)) return false;
      if (known === true) {
        if (!this.stepsAbove(tree, levels, level, position.path, step)) return false;
        tree.learnPath(levels.slice(0, level), position.path, climbed);
        this.trees.delete(key);
        this.trees.set(key, tree);
        return true;
      }
      climbed.push(node);
      if (below?.sibling !== undefined) {
        const other = position.path[step++] as Buffer;
        node = below.sibling < below.at ? nodeHash(other, node) : nodeHash(node, other);
      }
    }
  }

  /** Whether each step of the path from `level` up is the tree's own sibling at that place. */
  private stepsAbove(
    tree: VerifiedTree,
    levels: readonly PathLevel[],
    level: number,
    path: readonly Buffer[],
    step: number,
  ): boolean {
    let next = step;
    for (let above = level; above < levels.length; above++) {
      const { sibling } = levels[above] as PathLevel;
      if (sibling !== undefined && tree.holds(above, sibling, path[next++] as Buffer) !== true) return false;
    }
    return true;
  }

  /**
   * Records a batch whose signature was just verified over the root that `nodes` (the leaf first,
   * the root last: `nodesFromPath`) reach; call it after `verify` returned true, never before.
   */
  remember(
    keyId: string,
    publicKey: KeyObject,
    signature: string,
    position: BatchPosition,
    nodes: readonly Buffer[],
  ): void {
    const key = VerifiedBatches.keyOf(keyId, position.size, signature);
    const tree = new VerifiedTree(publicKey, position.size);
    const levels = pathLevels(position.index, position.size);
    tree.learnPath(levels, position.path, nodes);
    tree.learn(levels.length, 0, nodes[levels.length] as Buffer);
    this.trees.delete(key);
    this.trees.set(key, tree);
    if (this.trees.size > this.limit) {
      const oldest = this.trees.keys().next();
      if (!oldest.done) this.trees.delete(oldest.value);
    }
  }
}
