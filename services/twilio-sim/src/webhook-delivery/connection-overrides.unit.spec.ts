import { TWILIO_RETRY_OVERRIDES } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { connectionOverridesOf, withoutFragment } from "./connection-overrides.js";

describe("connection overrides", () => {
  it("reads Cloud PA's overrides: 3 retries on every kind of failure within Twilio's bounds", () => {
    const overrides = connectionOverridesOf(`https://x.example/hook${TWILIO_RETRY_OVERRIDES}`);
    expect(overrides).toMatchObject({
      connectTimeoutMs: 5000,
      readTimeoutMs: 15000,
      totalTimeMs: 15000,
      retryCount: 3,
    });
    expect([...overrides.retryOn].sort()).toEqual(["4xx", "5xx", "ct", "rt"]);
  });

  it("falls back to Twilio's defaults without a fragment: one retry, on connection failures only", () => {
    const overrides = connectionOverridesOf("https://x.example/hook");
    expect(overrides.retryCount).toBe(1);
    expect([...overrides.retryOn]).toEqual(["ct"]);
  });

  it("clamps values to Twilio's documented ranges and ignores junk", () => {
    expect(connectionOverridesOf("https://x.example/#rc=9&ct=50&rt=x")).toMatchObject({
      retryCount: 5,
      connectTimeoutMs: 100,
      readTimeoutMs: 15000,
    });
  });

  it("signs and requests the URL without its fragment", () => {
    expect(withoutFragment("https://x.example/hook?a=1#rc=3")).toBe("https://x.example/hook?a=1");
  });
});
