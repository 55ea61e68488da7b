import type { InboundMessageReceived, IngressEnv, MessageStatusUpdated, SigningKey } from "@cloudpa/contracts";
import { appendSigned, errorContext, type Logger, type ServiceNats } from "@cloudpa/kit";
import type { PubAck } from "@nats-io/jetstream";
import { IngressError } from "../ingress-error.js";
import type { IngressMetrics } from "../ops/ingress-metrics.js";

export type IngressEvent = InboundMessageReceived | MessageStatusUpdated;

/**
 * Appends the ingress's events to the EVENTS stream, signed with its key, and resolves only
 * once JetStream has stored them. When the ack does not come in time the caller gets
 * STREAM.UNAVAILABLE (503): the sender retries, and the Nats-Msg-Id makes the retry land once
 * even if the first publish was stored after all.
 */
export class EventStream {
  /** Publishes waiting for the end of this turn of the event loop (see publishThisTurn). */
  private readonly queued: (() => void)[] = [];

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
    if (!this.nats.isConnected()) {
      this.metrics.publishSeconds.observe({ outcome: "disconnected" }, 0);
      this.logger.warn("refusing a webhook while NATS is disconnected", context);
      throw new IngressError("STREAM.UNAVAILABLE", "the event stream is unavailable; retry later");
    }
    const stopTimer = this.metrics.publishSeconds.startTimer();
    try {
      const ack = await this.publishThisTurn(() =>
        appendSigned(this.nats.js, this.nats.names, event, this.signingKey, {
          timeoutMs: this.timeoutMs,
          stream: this.nats.names.eventsStream,
        }),
      );
      stopTimer({ outcome: ack.duplicate ? "duplicate" : "stored" });
      return ack;
    } catch (error) {
      stopTimer({ outcome: "failed" });
      this.logger.error("JetStream did not confirm an event", { ...context, ...errorContext(error) });
      throw new IngressError("STREAM.UNAVAILABLE", "the event stream did not confirm the message; retry later", {
        cause: error,
      });
    }
  }

  /**
   * Runs `publish` once the webhooks that arrived in this turn of the event loop have all been
   * read, together with theirs. nats.js writes its outbound buffer to the socket once per
   * microtask checkpoint, and Node reaches one after every request, so publishing straight
   * away costs one socket write per webhook; published together they leave in one write.
   * Each one is still its own message with its own ack.
   */
  private publishThisTurn<T>(publish: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push(() => publish().then(resolve, reject));
      if (this.queued.length === 1) {
        setImmediate(() => {
          for (const run of this.queued.splice(0)) run();
        });
      }
    });
  }
}
