import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digestOf } from "./digest.js";

describe("digestOf", () => {
  it("answers the same bytes as createHash for every byte value and for random inputs", () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, at) => at));
    for (const input of [everyByte, Buffer.alloc(0), ...Array.from({ length: 200 }, (_, n) => randomBytes(n * 7))]) {
      for (const algorithm of ["sha1", "sha256"] as const) {
        expect(digestOf(algorithm, input).equals(createHash(algorithm).update(input).digest())).toBe(true);
      }
    }
  });
});
