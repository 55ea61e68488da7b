import { hash } from "node:crypto";

/**
 * The SHA digest of `bytes`, as a Buffer, for a digest that is used and dropped (a Merkle leaf or
 * node, the hash inside a UUIDv5). On Node 24 `crypto.hash(..., "buffer")` hands back a Buffer on
 * an ArrayBuffer of its own, about 1.0 µs for a 65-byte node and 1.4 µs for a 760-byte event, while
 * the same digest as a latin1 string copied into a Buffer (from node's shared pool) costs 0.45 and
 * 0.8 µs; `createHash` with updates and `digest()` costs more still (bench/results/
 * 2026-12-06-digests-and-opening.txt). Latin1 maps each byte to one code point and back, so the
 * copy is exact. A Buffer from the pool keeps its 8 KB slab alive: copy a digest kept for long.
 */
export function digestOf(algorithm: "sha1" | "sha256", bytes: Uint8Array): Buffer {
  // "binary" is node's name for latin1 where a digest's encoding is typed.
  return Buffer.from(hash(algorithm, bytes, "binary"), "latin1");
}
