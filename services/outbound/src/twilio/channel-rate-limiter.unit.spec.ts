import { describe, expect, it, vi } from "vitest";
import { ChannelRateLimiter } from "./channel-rate-limiter.js";

describe("the per-channel rate limiter", () => {
  it("lets a second's worth of messages through at once, then one per 1/rate seconds, per channel", async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const limiter = new ChannelRateLimiter(2, () => now);
      const passed: string[] = [];
      for (const [channel, n] of [
        ["a", 1],
        ["a", 2],
        ["a", 3],
        ["b", 1],
      ] as const)
        void limiter.take(channel).then(() => passed.push(`${channel}${n}`));
      await vi.advanceTimersByTimeAsync(0);
      expect([...passed].sort()).toEqual(["a1", "a2", "b1"]);

      now = 499;
      await vi.advanceTimersByTimeAsync(499);
      expect(passed).toHaveLength(3);
      now = 500;
      await vi.advanceTimersByTimeAsync(1);
      expect(passed.at(-1)).toBe("a3");
    } finally {
      vi.useRealTimers();
    }
  });
});
