import type { InboundMessageReceived, IngressEnv, MessageStatusUpdated, SigningKey } from "@cloudpa/contracts";
import { appendSigned, errorContext, type Logger, type ServiceNats } from "@cloudpa/kit";
import type { PubAck } from "@nats-io/jetstream";
import { IngressError } from "../ingress-error.js";
import type { IngressMetrics } from "../ops/ingress-metrics.js";

export type IngressEvent = InboundMessageReceived | MessageStatusUpdated;

/** How often a webhook waiting for the stream looks again (connection back, a leader elected). */
const RETRY_PAUSE_MS = 250;
const pause = () => new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));

/**
 * nats.js's name for a publish nobody answered: with JetStream in a cluster, the stream has no
 * leader (an election is under way, or it lost its quorum).
 */
const noStreamLeader = (error: unknown) => (error as { name?: string }).name === "JetStreamNotEnabled";

/**
 * Appends the ingress's events to the EVENTS stream, signed with its key, and resolves only
 * once JetStream has stored them. When the ack does not come in time the caller gets
 * STREAM.UNAVAILABLE (503): the sender retries, and the Nats-Msg-Id makes the retry land once
 * even if the first publish was stored after all.
 *
 * While the connection moves to another node, or the stream has no leader (a cluster electing
 * one takes a few seconds), the webhook waits for it within the same budget instead of failing
 * at once: Twilio retries a 503 straight away, so only attempts that each wait can outlast an
 * election. The 503 comes only when the stream stayed unavailable for the whole budget.
 *
 * The webhooks read in one turn of the event loop leave together without help from here:
 * appendSigned signs them as one batch at the end of the turn (docs/decisions/030), and each
 * publish then follows its signature in the same microtask run, so nats.js writes them to the
 * socket in one write (measured: 1.09 writes per webhook at 50 connections, the HTTP answer
 * plus a NATS write per ~11 webhooks). Each one is still its own message with its own ack.
 */
export class EventStream {
  constructor(
    private readonly nats: ServiceNats,
    private readonly signingKey: SigningKey,
    private readonly timeoutMs: number,
    private readonly metrics: IngressMetrics,
    private readonly logger: Logger,
  ) {}

  static fromEnv(nats: ServiceNats, env: IngressEnv, metrics: IngressMetrics, logger: Logger) {
    return new EventStream(nats, env.INGRESS_SIGNING_KEY, env.PUBLISH_TIMEOUT_MS, metrics, logger);
  }

  async append(event: IngressEvent): Promise<PubAck> {
    const context = {
      orgId: event.orgId,
      channelId: event.channelId,
      messageSid: event.messageSid,
      eventType: event.type,
    };
    const deadline = Date.now() + this.timeoutMs;
    const stopTimer = this.metrics.publishSeconds.startTimer();
    while (!this.nats.isConnected()) {
      if (Date.now() + RETRY_PAUSE_MS >= deadline) {
        stopTimer({ outcome: "disconnected" });
        this.logger.warn("refusing a webhook while NATS is disconnected", context);
        throw new IngressError("STREAM.UNAVAILABLE", "the event stream is unavailable; retry later");
      }
      await pause();
    }
    try {
      for (;;) {
        try {
          const ack = await appendSigned(this.nats.js, this.nats.names, event, this.signingKey, {
            timeoutMs: Math.max(deadline - Date.now(), RETRY_PAUSE_MS),
            stream: this.nats.names.eventsStream,
          });
          stopTimer({ outcome: ack.duplicate ? "duplicate" : "stored" });
          return ack;
        } catch (error) {
          if (!noStreamLeader(error) || Date.now() + RETRY_PAUSE_MS >= deadline) throw error;
          await pause();
        }
      }
    } catch (error) {
      stopTimer({ outcome: "failed" });
      this.logger.error("JetStream did not confirm an event", { ...context, ...errorContext(error) });
      throw new IngressError("STREAM.UNAVAILABLE", "the event stream did not confirm the message; retry later", {
        cause: error,
      });
    }
  }
}
