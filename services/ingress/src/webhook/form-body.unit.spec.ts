import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFormBody } from "./form-body.js";

/** Any UTF-16 string, lone surrogates included (fast-check's "binary" unit is too slow here). */
const anyString = (maxLength: number) =>
  fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength })
    .map((units) => String.fromCharCode(...units));

describe("parseFormBody", () => {
  it("decodes names and values as Twilio encodes them, + as a space", () => {
    expect({ ...parseFormBody("Body=Hi+there%21&To=whatsapp%3A%2B14155238886") }).toEqual({
      Body: "Hi there!",
      To: "whatsapp:+14155238886",
    });
  });

  it("keeps every value of a repeated param, in order", () => {
    expect({ ...parseFormBody("a=1&b=2&a=3&a=4") }).toEqual({ a: ["1", "3", "4"], b: "2" });
  });

  it("keeps bad escapes literally and turns invalid UTF-8 into U+FFFD", () => {
    const params = parseFormBody(
      Buffer.concat([Buffer.from("x=%ZZ&y="), Buffer.from([0xff]), Buffer.from("&z=%C3%28")]),
    );
    expect(params.x).toBe("%ZZ");
    expect(params.y).toBe("\uFFFD");
    expect(params.z).toBe("\uFFFD(");
  });

  it("treats __proto__ and constructor as ordinary params", () => {
    const params = parseFormBody("__proto__=x&constructor=y&__proto__=z");
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(params, "__proto__")?.value).toEqual(["x", "z"]);
    expect(params.constructor).toBe("y");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("never throws and yields only strings or non-empty string arrays, for any bytes", () => {
    fc.assert(
      fc.property(fc.oneof(anyString(200), fc.uint8Array({ maxLength: 512 })), (input) => {
        const params = parseFormBody(typeof input === "string" ? input : Buffer.from(input));
        for (const value of Object.values(params)) {
          if (typeof value === "string") continue;
          expect(Array.isArray(value) && value.length > 1 && value.every((v) => typeof v === "string")).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reads back exactly what URLSearchParams encoded", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" })), (sent) => {
        const params = parseFormBody(new URLSearchParams(sent).toString());
        expect({ ...params }).toEqual({ ...sent });
      }),
      { numRuns: 300 },
    );
  });
});
