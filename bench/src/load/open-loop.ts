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
  /** How long after the last scheduled request answers are still awaited (default 30 s). */
  graceMs?: number;
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
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 128 });
  const latency = new LatencySamples();
  const total = Math.round(options.ratePerSecond * options.seconds);
  const intervalMs = 1000 / options.ratePerSecond;
  let sent = 0;
  let accepted = 0;
  let non2xx = 0;
  let errors = 0;
  const pending = new Set<Promise<void>>();
  const inFlight = new Set<{ destroy(error?: Error): void }>();

  // Built and signed before the clock starts, so the generator's own work stays off the schedule.
  const webhooks = Array.from({ length: total }, () => options.webhooks.next());
  const fire = (scheduledAt: number, index: number) => {
    const webhook = webhooks[index] as SignedWebhook;
    const done = new Promise<void>((resolve) => {
      let settled = false;
      // Exactly one outcome per request, whichever of answer, error or close comes first.
      const settle = (outcome: "accepted" | "non2xx" | "error") => {
        if (settled) return;
        settled = true;
        latency.record(performance.now() - scheduledAt);
        if (outcome === "accepted") {
          accepted++;
          options.onAccepted?.(webhook, scheduledAt);
        } else if (outcome === "non2xx") non2xx++;
        else errors++;
        resolve();
      };
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
          const status = response.statusCode ?? 0;
          response.on("end", () => settle(status >= 200 && status < 300 ? "accepted" : "non2xx"));
          response.on("error", () => settle("error"));
        },
      );
      inFlight.add(req);
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => settle("error"));
      req.once("close", () => {
        inFlight.delete(req);
        // A request closed without a complete answer (destroyed mid-response) is an error.
        setImmediate(() => settle("error"));
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
        fire(started + sent * intervalMs, sent);
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(1, started + sent * intervalMs - now)));
    };
    tick();
  });
  // A system far below the rate would keep answering the queue for minutes: after a grace
  // period the rest is abandoned and counted as errors, with the latency it had reached.
  const drained = await Promise.race([
    Promise.all(pending).then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), options.graceMs ?? 30_000)),
  ]);
  if (!drained) {
    for (const req of inFlight) req.destroy(new Error("abandoned after the grace period"));
    await Promise.all(pending);
  }
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { sent, accepted, non2xx, errors, achievedPerSecond: accepted / elapsed, latency };
}
