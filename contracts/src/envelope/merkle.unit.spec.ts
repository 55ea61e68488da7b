import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { leafHash, merkleTree, nodeHash, pathLength, rootFromPath } from "./merkle.js";

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash("ingress-1", Buffer.from(`message ${i}`)));

describe("Merkle tree of a signed batch", () => {
  it("given one leaf, its root is the leaf itself and its path is empty", () => {
    const [leaf] = leavesOf(1) as [Buffer];
    const { root, paths } = merkleTree([leaf]);
    expect(root.equals(leaf)).toBe(true);
    expect(paths).toEqual([[]]);
    expect(rootFromPath(leaf, 0, 1, [])?.equals(leaf)).toBe(true);
  });

  it("given three leaves, pairs the first two and lifts the third unchanged", () => {
    const [a, b, c] = leavesOf(3) as [Buffer, Buffer, Buffer];
    const ab = nodeHash(a, b);
    const { root, paths } = merkleTree([a, b, c]);
    expect(root.equals(nodeHash(ab, c))).toBe(true);
    expect(paths[2]).toEqual([ab]);
    expect(paths[0]).toEqual([b, c]);
  });

  it("given batches of 1 to 70 leaves, every leaf's path leads to the root, and its length is the position's", () => {
    for (let size = 1; size <= 70; size++) {
      const leaves = leavesOf(size);
      const { root, paths } = merkleTree(leaves);
      leaves.forEach((leaf, index) => {
        const path = paths[index] ?? [];
        expect(path).toHaveLength(pathLength(index, size));
        expect(rootFromPath(leaf, index, size, path)?.equals(root)).toBe(true);
      });
    }
  });

  // The size can leave a leaf's path unchanged (index 4 of 9 or of 10): the signature binds it (signedRootOf).
  it("when the index or one step of the path changes, the root does not come out", () => {
    const leaves = leavesOf(9);
    const { root, paths } = merkleTree(leaves);
    const leaf = leaves[4] as Buffer;
    const path = paths[4] as Buffer[];
    for (let index = 0; index < 9; index++) {
      if (index !== 4) expect(rootFromPath(leaf, index, 9, path)?.equals(root) ?? false).toBe(false);
    }
    const changed = path.map((step) => Buffer.from(step));
    const step = changed[1] as Buffer;
    step[0] = (step[0] ?? 0) ^ 0x01;
    expect(rootFromPath(leaf, 4, 9, changed)?.equals(root)).toBe(false);
  });

  it("when a path is truncated or padded, it fits no root", () => {
    const leaves = leavesOf(8);
    const { paths } = merkleTree(leaves);
    const path = paths[3] as Buffer[];
    expect(rootFromPath(leaves[3] as Buffer, 3, 8, path.slice(0, -1))).toBeUndefined();
    expect(rootFromPath(leaves[3] as Buffer, 3, 8, [...path, path[0] as Buffer])).toBeUndefined();
    expect(rootFromPath(leaves[3] as Buffer, 8, 8, path)).toBeUndefined();
    expect(rootFromPath(leaves[3] as Buffer, -1, 8, path)).toBeUndefined();
  });

  it("a leaf binds its key id and differs from an inner node over the same bytes", () => {
    const data = Buffer.from("same bytes");
    expect(leafHash("ingress-1", data).equals(leafHash("ingress-2", data))).toBe(false);
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    expect(leafHash("", Buffer.concat([a, b])).equals(nodeHash(a, b))).toBe(false);
  });

  it("a leaf is SHA-256 of 0x00, the key id's length and bytes, and the data; a node of 0x01 and its children", () => {
    const data = Buffer.from('{"type":"InboundMessageReceived"}');
    const sha256 = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
    expect(leafHash("ingress-1", data)).toEqual(sha256(Buffer.of(0x00, 9), Buffer.from("ingress-1"), data));
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 0xff);
    expect(nodeHash(a, b)).toEqual(sha256(Buffer.of(0x01), a, b));
  });
});
