import type { CloudpaNames } from "@cloudpa/contracts";
import { registerStreamMetrics } from "@cloudpa/kit";
import type { JetStreamManager } from "@nats-io/jetstream";
import { Counter, Histogram, type Registry } from "prom-client";

export type WebhookRoute = "inbound" | "status";

/** The webhook counters, the publish-latency histogram and the streams' quorum, registered on the service's registry. */
export class IngressMetrics {
  readonly requests: Counter<"route" | "outcome" | "status">;
  readonly publishSeconds: Histogram<"outcome">;
  readonly deliveryFailures: Counter<"status" | "error_code">;

  constructor(registry: Registry, jsm: JetStreamManager, names: CloudpaNames) {
    registerStreamMetrics(registry, jsm, names);
    this.requests = new Counter({
      name: "ingress_webhook_requests_total",
      help: "Webhook requests by route, outcome (accepted, duplicate, or why refused) and HTTP status.",
      labelNames: ["route", "outcome", "status"],
      registers: [registry],
    });
    this.deliveryFailures = new Counter({
      name: "ingress_delivery_failures_total",
      help: "Replies Twilio's status callbacks reported failed or undelivered, by status and Twilio error code (none when it gave none).",
      labelNames: ["status", "error_code"],
      registers: [registry],
    });
    this.publishSeconds = new Histogram({
      name: "ingress_publish_duration_seconds",
      help: "Time from publishing an event to JetStream's ack (or the failure).",
      labelNames: ["outcome"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }
}

/** The outcome label of a finished webhook request, from its HTTP status. */
export function outcomeOf(statusCode: number, duplicate: boolean): string {
  switch (statusCode) {
    case 200:
      return duplicate ? "duplicate" : "accepted";
    case 400:
      return "bad_request";
    case 403:
      return "bad_signature";
    case 404:
      return "unknown_channel";
    case 410:
      return "inactive_channel";
    case 413:
      return "too_large";
    case 415:
      return "unsupported_media_type";
    case 503:
      return "unavailable";
    default:
      return statusCode >= 500 ? "error" : `status_${statusCode}`;
  }
}
