import type { CloudpaNames } from "@cloudpa/contracts";
import { registerStreamMetrics } from "@cloudpa/kit";
import type { JetStreamManager } from "@nats-io/jetstream";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** What an operator watches on `/metrics`: outcomes of sends, Twilio's latency, retries, failures, quarantined commands, the streams' quorum. */
export class OutboundMetrics {
  readonly outcomes: Counter<"outcome">;
  readonly twilioLatency: Histogram<"result">;
  readonly retries: Counter<"reason">;
  readonly failures: Counter<"reason" | "error_code">;
  readonly quarantined: Counter<"code">;
  readonly inFlight: Gauge;

  constructor(registry: Registry, jsm: JetStreamManager, names: CloudpaNames) {
    registerStreamMetrics(registry, jsm, names);
    this.outcomes = new Counter({
      name: "outbound_sends_total",
      help: "SendReply commands settled, by outcome",
      labelNames: ["outcome"],
      registers: [registry],
    });
    this.twilioLatency = new Histogram({
      name: "outbound_twilio_request_seconds",
      help: "Time Twilio's Messages API took to answer a send",
      labelNames: ["result"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers: [registry],
    });
    this.retries = new Counter({
      name: "outbound_send_retries_total",
      help: "Sends put back for a later delivery, by why",
      labelNames: ["reason"],
      registers: [registry],
    });
    this.failures = new Counter({
      name: "outbound_send_failures_total",
      help: "Replies that failed for good (ReplyFailed), by reason and Twilio's error code (none when Twilio gave none)",
      labelNames: ["reason", "error_code"],
      registers: [registry],
    });
    this.quarantined = new Counter({
      name: "outbound_commands_quarantined_total",
      help: "Commands refused because their envelope failed verification",
      labelNames: ["code"],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: "outbound_sends_in_flight",
      help: "Commands being handled now",
      registers: [registry],
    });
  }
}
