import { HASH_BYTES, pathLength } from "./merkle.js";

/** The largest batch a verifier accepts; producers sign far smaller ones (256 at most, the kit's append). */
export const MAX_BATCH_SIZE = 65_536;

/** Where a message sits in its signed batch, as its `Cloudpa-Batch` header says. */
export interface BatchPosition {
  index: number;
  size: number;
  /** The siblings from its leaf up to the root. */
  path: Buffer[];
}

// Domain of the bytes a batch signature covers: never the start of a JSON payload (the per-message
// form signs the payload itself), so neither form's signature can pass for the other's.
const SIGNED_ROOT_DOMAIN = Buffer.from("cloudpa.signed-batch.v1\0", "ascii");

/** The bytes signed for a batch: the domain, its size (u32, big endian) and its root. */
export function signedRootOf(size: number, root: Uint8Array): Buffer {
  const signed = Buffer.alloc(SIGNED_ROOT_DOMAIN.length + 4 + root.length);
  SIGNED_ROOT_DOMAIN.copy(signed, 0);
  signed.writeUInt32BE(size, SIGNED_ROOT_DOMAIN.length);
  signed.set(root, SIGNED_ROOT_DOMAIN.length + 4);
  return signed;
}

export function formatBatchPosition({ index, size, path }: BatchPosition): string {
  const at = `${index}/${size}`;
  return path.length === 0 ? at : `${at} ${Buffer.concat(path).toString("base64")}`;
}

const POSITION = /^(0|[1-9][0-9]{0,5})\/([1-9][0-9]{0,5})(?: ([A-Za-z0-9+/]+={0,2}))?$/;

/**
 * Reads a `Cloudpa-Batch` header; undefined when it is malformed, the index is outside the batch,
 * or the path does not have exactly the steps its position takes.
 */
export function parseBatchPosition(value: string): BatchPosition | undefined {
  const match = POSITION.exec(value);
  if (!match) return undefined;
  const index = Number(match[1]);
  const size = Number(match[2]);
  if (size > MAX_BATCH_SIZE || index >= size) return undefined;
  const bytes = match[3] === undefined ? Buffer.alloc(0) : Buffer.from(match[3], "base64");
  if (bytes.length !== pathLength(index, size) * HASH_BYTES) return undefined;
  const path: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += HASH_BYTES) path.push(bytes.subarray(at, at + HASH_BYTES));
  return { index, size, path };
}
