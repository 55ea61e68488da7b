import type { Agent } from "node:https";
import {
  type CloudpaEvent,
  type CloudpaNames,
  type InboundMessageReceived,
  isPushServiceEndpoint,
  type Keyring,
  type VapidKeys,
} from "@cloudpa/contracts";
import { errorContext, type Logger } from "@cloudpa/kit";
import type { JetStreamClient, JetStreamManager, JsMsg } from "@nats-io/jetstream";
import type { Queryable } from "#app/db/queryable.server.ts";
import { DurableEventConsumer } from "#app/events/durable-event-consumer.server.ts";
import { conversationOfOrg } from "#app/inbox/conversation-of-org.server.ts";
import { mutedAt } from "#app/inbox/muted-at.ts";
import { pushPayloadOf, pushTopicOf } from "./push-payload.ts";
import {
  forgetPushSubscription,
  type PushTarget,
  pushTargetsOfOrg,
  recordPushed,
  wasPushed,
} from "./push-subscriptions.server.ts";

/** The web's durable consumer on the EVENTS stream that pushes customers' messages (docs/decisions/025). */
export const PUSH_CONSUMER = "web-push";

/** A message older than this when its event is read is not pushed: after a long outage the inbox tells. */
export const PUSH_MAX_AGE_MS = 24 * 60 * 60_000;
/** How long a push service keeps a push for a device that is offline (the Web Push TTL), in seconds. */
const PUSH_TTL_SECONDS = 24 * 60 * 60;
/** A push the push service did not accept comes back after this, doubled per delivery. */
const RETRY_BASE_DELAY_MS = 2_000;
const MAX_RETRY_DELAY_MS = 5 * 60_000;
/** After this many deliveries an event's remaining pushes are given up (logged). */
export const MAX_PUSH_DELIVERIES = 10;
/** How long one push request may take. */
const PUSH_REQUEST_TIMEOUT_MS = 10_000;

export interface PushSenderOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: CloudpaNames;
  db: Queryable;
  /** The read model's schema in `db`: a muted conversation's messages are not pushed. */
  readModelSchema: string;
  logger: Logger;
  /** Verifies the events, as every consumer of the stream does. */
  keyring: Keyring;
  vapid: VapidKeys & { subject: string };
  /** The push services it may POST to (WEB_PUSH_SERVICE_HOSTS); any other endpoint is skipped. */
  serviceHosts: readonly string[];
  /** The TLS agent of the push requests (a spec's trusts its own local push service). */
  agent?: Agent;
  /** The clock of the age check. */
  now?: () => number;
  retryBaseDelayMs?: number;
}

export type PushOutcome = "pushed" | "already_pushed" | "gone" | "failed" | "not_a_push_service";

/**
 * Pushes each new customer message (InboundMessageReceived) to every device of the org's
 * members, unless its conversation is muted (as the read model has it when the event is read). A
 * durable consumer, so a restart neither loses nor repeats: each push the push service accepted is
 * recorded (`app.push_deliveries`) before the event is acked, a redelivered event pushes only the
 * devices it had not reached, and every push carries the event as its Topic and
 * its notification's tag, so even a push repeated between the accept and the record replaces the
 * first on the device. A subscription the push service calls gone (404, 410) is deleted.
 */
export class PushSender {
  private readonly consumer: DurableEventConsumer;
  private readonly now: () => number;
  private readonly options: PushSenderOptions;

  constructor(options: PushSenderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.consumer = new DurableEventConsumer(
      {
        ...options,
        durableName: PUSH_CONSUMER,
        what: "push sender",
        ackWaitMs: 60_000,
        maxAckPending: 64,
        batch: 32,
      },
      (event, message) => this.handle(event, message),
    );
  }

  /** Creates the consumer (from now on: never the stream's history) when it does not exist, then consumes. */
  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async handle(event: CloudpaEvent, message: JsMsg): Promise<void> {
    if (event.type !== "InboundMessageReceived" || this.now() - Date.parse(event.occurredAt) > PUSH_MAX_AGE_MS) {
      message.ack();
      return;
    }
    const context = {
      orgId: event.orgId,
      conversationId: event.conversationId,
      eventId: event.eventId,
      seq: message.seq,
    };
    let failed = 0;
    try {
      const targets = await pushTargetsOfOrg(this.options.db, event.orgId);
      // The conversation is read only for an org with a device to push to (most have none).
      const conversation =
        targets.length > 0 ? await conversationOfOrg(this.options, event.orgId, event.conversationId) : undefined;
      if (conversation && mutedAt(conversation, new Date(this.now()))) {
        this.options.logger.debug("push skipped: conversation muted", context);
        message.ack();
        return;
      }
      for (const target of targets) {
        message.working();
        if ((await this.push(event, target)) === "failed") failed += 1;
      }
    } catch (error) {
      // The database did not answer: the whole event comes back.
      failed = -1;
      this.options.logger.warn("push targets not read", { ...context, ...errorContext(error) });
    }
    if (failed === 0) {
      message.ack();
      return;
    }
    const deliveries = message.info.deliveryCount;
    if (deliveries >= MAX_PUSH_DELIVERIES) {
      this.options.logger.error("pushes given up after every retry", { ...context, deliveries });
      message.term();
      return;
    }
    const base = this.options.retryBaseDelayMs ?? RETRY_BASE_DELAY_MS;
    message.nak(Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (deliveries - 1)));
  }

  /** One device's push of the event. */
  private async push(event: InboundMessageReceived, target: PushTarget): Promise<PushOutcome> {
    const { db, logger, vapid } = this.options;
    const context = { orgId: event.orgId, eventId: event.eventId, subscriptionId: target.id };
    if (await wasPushed(db, target.id, event.eventId)) return "already_pushed";
    // Stored before the list was narrowed, or written around Settings: never POSTed to.
    if (!isPushServiceEndpoint(target.endpoint, this.options.serviceHosts)) {
      logger.warn("push skipped: endpoint not at an allowed push service", {
        ...context,
        host: new URL(target.endpoint).host,
      });
      return "not_a_push_service";
    }
    // Loaded on the first push, not at start-up: a web without push configured never loads it (issue 16).
    const { default: webpush } = await import("web-push");
    try {
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(pushPayloadOf(event, { preview: target.preview })),
        {
          vapidDetails: vapid,
          TTL: PUSH_TTL_SECONDS,
          topic: pushTopicOf(event.eventId),
          urgency: "high",
          timeout: PUSH_REQUEST_TIMEOUT_MS,
          ...(this.options.agent ? { agent: this.options.agent } : {}),
        },
      );
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) {
        await forgetPushSubscription(db, target.id);
        logger.info("push subscription gone; removed", { ...context, status });
        return "gone";
      }
      logger.warn("push not accepted; will retry", { ...context, status, ...errorContext(error) });
      return "failed";
    }
    await recordPushed(db, target.id, event.eventId);
    return "pushed";
  }
}
