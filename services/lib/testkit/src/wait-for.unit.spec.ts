import { describe, expect, it } from "vitest";
import { WaitingCannotSucceed, waitFor } from "./wait-for.js";

describe("waitFor", () => {
  it("retries a probe that throws, and names the last error when it times out", async () => {
    let calls = 0;
    const waiting = waitFor(
      () => {
        calls++;
        throw new Error(`not yet ${calls}`);
      },
      { timeoutMs: 100, intervalMs: 10, what: "a thing" },
    );
    await expect(waiting).rejects.toThrow("timed out after 100 ms waiting for a thing");
    await waiting.catch((error: Error) => expect(String(error.cause)).toMatch(/not yet \d+/));
    expect(calls).toBeGreaterThan(1);
  });

  it("gives up at once when the probe says waiting cannot succeed", async () => {
    let calls = 0;
    const waiting = waitFor(
      () => {
        calls++;
        throw new WaitingCannotSucceed("the service exited");
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    await expect(waiting).rejects.toThrow("the service exited");
    expect(calls).toBe(1);
  });

  it("returns the probe's first value that is not undefined or false", async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls === 3 ? "ready" : false), { intervalMs: 1 })).toBe("ready");
  });
});
