import { twilioSignature } from "@cloudpa/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSignedByTwilio, signedUrlOf } from "./twilio-signature.js";

/** Any UTF-16 string, lone surrogates included (fast-check's "binary" unit is too slow here). */
const anyString = (maxLength: number) =>
  fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength })
    .map((units) => String.fromCharCode(...units));

// Twilio's documented example (https://www.twilio.com/docs/usage/security#validating-requests).
const DOC_TOKEN = "12345";
const DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const DOC_PARAMS = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+12349013030",
  Digits: "1234",
  From: "+12349013030",
  To: "+18005551212",
};
const DOC_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

describe("isSignedByTwilio", () => {
  it("verifies Twilio's documented example", () => {
    expect(isSignedByTwilio(DOC_TOKEN, DOC_SIGNATURE, DOC_URL, DOC_PARAMS)).toBe(true);
    expect(twilioSignature(DOC_TOKEN, DOC_URL, DOC_PARAMS)).toBe(DOC_SIGNATURE);
  });

  it("accepts the documented example with the default port written out, as Twilio's validator does", () => {
    expect(
      isSignedByTwilio(DOC_TOKEN, DOC_SIGNATURE, "https://mycompany.com:443/myapp.php?foo=1&bar=2", DOC_PARAMS),
    ).toBe(true);
  });

  it("refuses the documented example with another token, another URL, or one param changed", () => {
    expect(isSignedByTwilio("12346", DOC_SIGNATURE, DOC_URL, DOC_PARAMS)).toBe(false);
    expect(isSignedByTwilio(DOC_TOKEN, DOC_SIGNATURE, "https://mycompany.com/myapp.php?foo=1&bar=3", DOC_PARAMS)).toBe(
      false,
    );
    expect(isSignedByTwilio(DOC_TOKEN, DOC_SIGNATURE, "http://mycompany.com/myapp.php?foo=1&bar=2", DOC_PARAMS)).toBe(
      false,
    );
    expect(isSignedByTwilio(DOC_TOKEN, DOC_SIGNATURE, DOC_URL, { ...DOC_PARAMS, Digits: "1235" })).toBe(false);
    expect(isSignedByTwilio(DOC_TOKEN, DOC_SIGNATURE, DOC_URL, { ...DOC_PARAMS, Extra: "" })).toBe(false);
  });

  it("refuses a missing or empty signature, and never throws on an unparseable URL", () => {
    expect(isSignedByTwilio(DOC_TOKEN, undefined, DOC_URL, DOC_PARAMS)).toBe(false);
    expect(isSignedByTwilio(DOC_TOKEN, "", DOC_URL, DOC_PARAMS)).toBe(false);
    expect(isSignedByTwilio(DOC_TOKEN, DOC_SIGNATURE, "not a url", DOC_PARAMS)).toBe(false);
    expect(isSignedByTwilio("", twilioSignature("", DOC_URL, DOC_PARAMS), DOC_URL, DOC_PARAMS)).toBe(false);
  });

  it("signs the public base URL plus the path and query as received", () => {
    expect(signedUrlOf("https://public.example/", "/api/v1/x?a=1")).toBe("https://public.example/api/v1/x?a=1");
    expect(signedUrlOf("https://public.example/base", "/api/v1/x")).toBe("https://public.example/base/api/v1/x");
  });

  const token = fc.string({ minLength: 1, maxLength: 40 });
  const params = fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 8 });
  const path = fc.webPath().map((p) => (p.startsWith("/") ? p : `/${p}`));
  const query = fc.option(
    fc.webQueryParameters().map((q) => `?${q}`),
    { nil: "" },
  );

  it("accepts what Twilio signs for any token, URL and params", () => {
    fc.assert(
      fc.property(token, fc.webUrl(), params, (authToken, url, sent) => {
        expect(isSignedByTwilio(authToken, twilioSignature(authToken, url, sent), url, sent)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never accepts a signature made with another token, for another URL, or over other params", () => {
    fc.assert(
      fc.property(
        token,
        token,
        path,
        query,
        params,
        params,
        (authToken, otherToken, webhookPath, search, sent, other) => {
          const url = signedUrlOf("https://public.example", `${webhookPath}${search}`);
          if (otherToken !== authToken) {
            expect(isSignedByTwilio(authToken, twilioSignature(otherToken, url, sent), url, sent)).toBe(false);
          }
          const elsewhere = `${url}${search ? "&" : "?"}moved=1`;
          expect(isSignedByTwilio(authToken, twilioSignature(authToken, elsewhere, sent), url, sent)).toBe(false);
          if (JSON.stringify(Object.entries(other).sort()) !== JSON.stringify(Object.entries(sent).sort())) {
            const forOther = twilioSignature(authToken, url, other);
            fc.pre(forOther !== twilioSignature(authToken, url, sent));
            expect(isSignedByTwilio(authToken, forOther, url, sent)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never accepts an arbitrary signature header, and never throws", () => {
    fc.assert(
      fc.property(token, fc.string(), anyString(200), params, (authToken, signature, url, sent) => {
        const valid = (() => {
          try {
            return twilioSignature(authToken, url, sent);
          } catch {
            return undefined;
          }
        })();
        fc.pre(signature !== valid);
        expect(isSignedByTwilio(authToken, signature, url, sent)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
