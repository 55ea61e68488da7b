/**
 * Twilio's per-sender throughput, kept per channel: a token bucket refilled at
 * `messagesPerSecond`, holding at most one second's worth, so a burst never exceeds what
 * Twilio would queue for that number. `take` waits for a token rather than failing.
 */
export class ChannelRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number; queue: Promise<void> }>();
  private readonly capacity: number;

  constructor(
    private readonly messagesPerSecond: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, messagesPerSecond);
  }

  /** Resolves when the channel may send one more message. Callers of one channel are served in order. */
  take(channelId: string): Promise<void> {
    const bucket = this.buckets.get(channelId) ?? {
      tokens: this.capacity,
      refilledAt: this.clock(),
      queue: Promise.resolve(),
    };
    this.buckets.set(channelId, bucket);
    const turn = bucket.queue.then(() => this.waitForToken(bucket));
    bucket.queue = turn;
    return turn;
  }

  private async waitForToken(bucket: { tokens: number; refilledAt: number }): Promise<void> {
    for (;;) {
      const now = this.clock();
      bucket.tokens = Math.min(
        this.capacity,
        bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.messagesPerSecond,
      );
      bucket.refilledAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - bucket.tokens) / this.messagesPerSecond) * 1000);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
