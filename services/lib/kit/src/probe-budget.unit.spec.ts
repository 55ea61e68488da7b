import { describe, expect, it } from "vitest";
import { answeredWithin, answeredWithinProbe } from "./probe-budget.js";

describe("waiting for a dependency's answer within a budget", () => {
  it("gives the answer, why a request failed, or that none came in time", async () => {
    expect(await answeredWithin(Promise.resolve(7), 1_000)).toEqual({ value: 7 });
    expect(await answeredWithin(Promise.reject(new Error("NATS at 127.0.0.1:4222: timeout")), 1_000)).toEqual({
      error: "NATS at 127.0.0.1:4222: timeout",
    });
    expect(await answeredWithin(new Promise(() => undefined), 20)).toEqual({ error: "no answer within 0.02 s" });
  });

  it("gives a probe the answer, or undefined for a failure", async () => {
    expect(await answeredWithinProbe(Promise.resolve("ok"))).toBe("ok");
    expect(await answeredWithinProbe(Promise.reject(new Error("down")))).toBeUndefined();
  });
});
