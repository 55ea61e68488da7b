import { Agent, request } from "node:http";
import { LatencySamples } from "../latency-samples.js";
import type { SignedWebhook, WebhookFactory } from "../twilio-webhook.js";

export interface OpenLoopResult {
  sent: number;
  accepted: number;
  non2xx: number;
  errors: number;
  /** Accepted per second, from the first scheduled request to the last answer. */
  achievedPerSecond: number;
  latency: LatencySamples;
}

export interface OpenLoopOptions {
  url: string;
  webhooks: WebhookFactory;
  ratePerSecond: number;
  seconds: number;
  /** Keep-alive sockets the generator may open (a request waits for one, and that wait counts). */
  maxSockets?: number;
  /** Told of each accepted webhook with the time it was scheduled (performance.now()). */
  onAccepted?: (webhook: SignedWebhook, scheduledAt: number) => void;
}

/**
 * An open-loop load: requests fire on a fixed schedule whether or not earlier ones have been
 * answered, and each latency is taken from the request's scheduled time, so a stall shows as
 * the latency of every request it delayed (no coordinated omission).
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const latency = new LatencySamples();
  const total = Math.round(options.ratePerSecond * options.seconds);
  const intervalMs = 1000 / options.ratePerSecond;
  let sent = 0;
  let accepted = 0;
  let non2xx = 0;
  let errors = 0;
  const pending = new Set<Promise<void>>();

  const fire = (scheduledAt: number) => {
    const webhook = options.webhooks.next();
    const done = new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: { ...webhook.headers, "content-length": Buffer.byteLength(webhook.body) },
          timeout: 10_000,
        },
        (response) => {
          response.resume();
          response.on("end", () => {
            latency.record(performance.now() - scheduledAt);
            if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) {
              accepted++;
              options.onAccepted?.(webhook, scheduledAt);
            } else {
              non2xx++;
            }
            resolve();
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors++;
        latency.record(performance.now() - scheduledAt);
        resolve();
      });
      req.end(webhook.body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * intervalMs <= now) {
        fire(started + sent * intervalMs);
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(1, started + sent * intervalMs - now)));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { sent, accepted, non2xx, errors, achievedPerSecond: accepted / elapsed, latency };
}
