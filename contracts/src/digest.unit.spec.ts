import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digestOf } from "./digest.js";

describe("digestOf", () => {
  it("answers createHash's bytes, whatever byte values the digest holds", () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, at) => at));
    // Fixed inputs, so the digests' bytes (which the round trip must keep) are the same in every run.
    const inputOf = (n: number) => Buffer.from(Array.from({ length: n * 7 }, (_, at) => (at * 31 + n) & 0xff));
    const inputs = [everyByte, Buffer.alloc(0), ...Array.from({ length: 200 }, (_, n) => inputOf(n))];
    const seen = new Set<number>();
    for (const input of inputs) {
      for (const algorithm of ["sha1", "sha256"] as const) {
        const digest = digestOf(algorithm, input);
        expect(digest.equals(createHash(algorithm).update(input).digest())).toBe(true);
        for (const byte of digest) seen.add(byte);
      }
    }
    // The latin1 round trip is exact for every byte value, 0x00 and 0x80-0xff among them.
    expect(seen.size).toBe(256);
  });
});
