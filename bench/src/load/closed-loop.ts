import autocannon from "autocannon";
import { cpuMeter } from "../infra/process-cpu.js";
import type { LatencyCurve, LatencySummary } from "../latency-samples.js";
import type { WebhookFactory } from "../twilio-webhook.js";

export interface ClosedLoopResult {
  /** 2xx answers per second over the run. */
  acceptedPerSecond: number;
  accepted: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: LatencySummary;
  curve: LatencyCurve;
  /** CPU µs per request (answered or not) of each process under load, over the run. */
  cpuUsPerRequest: Map<string, number>;
  /** CPU µs per request of the load generator (this process: autocannon and the webhooks' signing). */
  loadGeneratorCpuUsPerRequest: number;
}

/**
 * autocannon at `connections` keep-alive connections for `seconds`, each request a fresh,
 * validly signed webhook with its own MessageSid (built in setupRequest).
 */
export async function runClosedLoop(options: {
  url: string;
  webhooks: WebhookFactory;
  connections: number;
  seconds: number;
  label: string;
  /** The processes whose CPU per request is reported (the system under load). */
  processes?: readonly { name: string; pid: number }[];
}): Promise<ClosedLoopResult> {
  const cpu = cpuMeter(options.processes ?? []);
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const webhook = options.webhooks.next();
          return { ...request, body: webhook.body, headers: { ...request.headers, ...webhook.headers } };
        },
      },
    ],
  });
  const used = cpu.stop();
  const l = result.latency;
  const accepted = result["2xx"];
  const requests = Math.max(result.requests.total, 1);
  const cpuUsPerRequest = new Map([...used.byProcess].map(([name, us]) => [name, us / requests]));
  return {
    acceptedPerSecond: accepted / options.seconds,
    accepted,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuUsPerRequest,
    loadGeneratorCpuUsPerRequest: used.loadGenerator / requests,
    latency: {
      count: result.requests.total,
      mean: l.average,
      p50: l.p50,
      p90: l.p90,
      // autocannon reports p90 and p97.5, not p95.
      p95: Number.NaN,
      p99: l.p99,
      p999: l.p99_9,
      max: l.max,
    },
    curve: {
      label: options.label,
      points: [
        { percentile: 0, ms: l.min },
        { percentile: 50, ms: l.p50 },
        { percentile: 75, ms: l.p75 },
        { percentile: 90, ms: l.p90 },
        { percentile: 97.5, ms: l.p97_5 },
        { percentile: 99, ms: l.p99 },
        { percentile: 99.9, ms: l.p99_9 },
        { percentile: 99.99, ms: l.p99_99 },
        { percentile: 100, ms: l.max },
      ],
    },
  };
}
