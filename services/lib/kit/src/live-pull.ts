import type { ConsumeOptions } from "@nats-io/jetstream";

/**
 * How often the server tells a consumer waiting for new messages that its pull is alive. The
 * library pulls again after two missed (it counts them on ticks of one heartbeat), so a pull the
 * server no longer holds is replaced within 2-3 s, not 30-45 s later (the library's own heartbeat
 * is half the pull's life of 30 s).
 * nats-server before 2.9.16 drops a pull without a word when a message arrives as the pull
 * expires (fixed by nats-server df282a221, "Fix Pull Consumer not sending request timeout"), and a
 * cluster node that restarts loses the pulls it held: either way the consumer heard nothing, and
 * the new message waited (seen in a trial: delivery ticks 20 s late, the projector's own stall
 * check ending it; kit-live-pull.int.spec.ts loses a pull on purpose).
 */
export const LIVE_PULL_HEARTBEAT_MS = 1_000;

/**
 * A pull's life, twice the heartbeat (the server's least). The library also waits this long
 * between its checks that the consumer still exists after missed heartbeats: with its default
 * (30 s) a NATS frozen for 10 s left the outbound's commands unread for 30 s after it answered
 * again (send-reply-outage.int.spec.ts).
 */
export const LIVE_PULL_EXPIRES_MS = 2 * LIVE_PULL_HEARTBEAT_MS;

/** The options of `consume()` for a consumer that waits for new messages (live, not a bounded read). */
export function livePull(maxMessages: number): ConsumeOptions {
  return { max_messages: maxMessages, expires: LIVE_PULL_EXPIRES_MS, idle_heartbeat: LIVE_PULL_HEARTBEAT_MS };
}

/** The first nats-server release that tells a consumer when its pull expires as a message arrives. */
const PULL_EXPIRY_FIXED_IN = [2, 9, 16] as const;

/**
 * Whether a nats-server of this version drops a pull without a word when a message arrives as it
 * expires. Unknown or unparsable versions are not suspected.
 */
export function dropsExpiringPulls(serverVersion: string | undefined): boolean {
  const parts = /^v?(\d+)\.(\d+)\.(\d+)/
    .exec(serverVersion ?? "")
    ?.slice(1)
    .map(Number);
  if (!parts) return false;
  for (const [index, fixed] of PULL_EXPIRY_FIXED_IN.entries()) {
    const part = parts[index] ?? 0;
    if (part !== fixed) return part < fixed;
  }
  return false;
}
