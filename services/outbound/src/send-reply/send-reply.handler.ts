import type { SendReply } from "@cloudpa/contracts";
import { ChannelRegistry, errorContext, LOGGER, type Logger } from "@cloudpa/kit";
import { Inject, Injectable } from "@nestjs/common";
import { type ChannelLookup, lookupChannel } from "../channels/channel.js";
import { OutboundMetrics } from "../ops/outbound-metrics.js";
import { ATTEMPT_OWNER, CLOCK, type Clock, SEND_SETTINGS, type SendSettings } from "../outbound-config.js";
import { ChannelRateLimiter } from "../twilio/channel-rate-limiter.js";
import { TWILIO_GATEWAY, type TwilioCredentials, type TwilioGateway } from "../twilio/twilio-gateway.js";
import { AttemptConflictError, AttemptStore, type StoredAttempt } from "./attempt-store.js";
import { ConversationEvents } from "./conversation-events.js";
import type { Delivery, Disposition } from "./delivery.js";
import { EVENT_APPENDER, type EventAppender } from "./event-appender.js";
import { signedMediaUrls } from "./media-urls.js";
import { attemptStarted, CREDENTIALS_UNREADABLE, nextAttemptStep, phaseToRetry, retryDelayMs } from "./send-attempt.js";
import {
  type ChannelView,
  channelNumberOf,
  type OutboundEvent,
  type OutboundMessage,
  resolveLostAttempt,
  sendReplyDecider,
  settle,
  type TwilioAnswer,
} from "./send-reply.decider.js";

const ACK: Disposition = { kind: "ack" };

/**
 * Handles one delivery of a SendReply: load the conversation's state and the command's attempt,
 * call Twilio at most once per command, append the outcome. Every choice is made by the pure
 * decider (`send-reply.decider.ts`) and the attempt rules (`send-attempt.ts`); this does the I/O.
 */
@Injectable()
export class SendReplyHandler {
  constructor(
    @Inject(ConversationEvents) private readonly conversations: ConversationEvents,
    @Inject(ChannelRegistry) private readonly channels: ChannelRegistry,
    @Inject(AttemptStore) private readonly attempts: AttemptStore,
    @Inject(TWILIO_GATEWAY) private readonly gateway: TwilioGateway,
    @Inject(EVENT_APPENDER) private readonly appender: EventAppender,
    @Inject(ChannelRateLimiter) private readonly rateLimiter: ChannelRateLimiter,
    @Inject(OutboundMetrics) private readonly metrics: OutboundMetrics,
    @Inject(SEND_SETTINGS) private readonly settings: SendSettings,
    @Inject(ATTEMPT_OWNER) private readonly owner: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(command: SendReply, delivery: Delivery): Promise<Disposition> {
    const log = this.logger.child({
      orgId: command.orgId,
      conversationId: command.conversationId,
      commandId: command.commandId,
      seq: delivery.seq,
      deliveries: delivery.deliveries,
    });
    const state = await this.conversations.stateFor(command);
    const channelNumber = channelNumberOf(command, state);
    const lookup: ChannelLookup = channelNumber ? lookupChannel(this.channels, channelNumber) : { kind: "unknown" };
    const decision = sendReplyDecider.decide(
      { command, now: this.clock(), channel: viewOf(lookup, channelNumber) },
      state,
    );
    switch (decision.kind) {
      case "settled":
        log.info("command already has an outcome");
        return ACK;
      case "append":
        await this.appendOutcome(decision.events, log);
        return ACK;
      case "send":
        return this.send(command, decision.message, lookup, delivery, log);
      default: {
        const unhandled: never = decision;
        throw new Error(`unknown decision ${(unhandled as { kind: string }).kind}`);
      }
    }
  }

  private async send(
    command: SendReply,
    message: OutboundMessage,
    lookup: ChannelLookup,
    delivery: Delivery,
    log: Logger,
  ): Promise<Disposition> {
    if (lookup.kind !== "found") {
      // The web's CREDENTIALS_KEY differs from ours: retried, so an operator can fix it before the bound.
      log.error("cannot open the channel's credentials", { channelId: message.channelId });
      return this.settleAnswer(command, message, CREDENTIALS_UNREADABLE, undefined, delivery, log);
    }
    const credentials: TwilioCredentials = {
      accountSid: lookup.channel.accountSid,
      authToken: lookup.channel.authToken,
    };

    let stored = await this.attempts.get(command);
    const step = nextAttemptStep(stored?.attempt, {
      now: this.clock(),
      owner: this.owner,
      attemptLeaseMs: this.settings.attemptLeaseMs,
    });
    switch (step.kind) {
      case "settled":
        log.info("attempt already settled");
        return ACK;
      case "wait":
        log.info("another process is sending this command; checking back later");
        return { kind: "retry", delayMs: step.delayMs };
      case "look_up": {
        const found = await this.gateway.lookup(credentials, message, step.attemptedAt);
        log.warn("resolved an attempt whose outcome was lost", {
          phase: step.phase,
          found: found.kind,
          messageSid: found.kind === "found" ? found.messageSid : undefined,
        });
        const resolved = resolveLostAttempt(command, message, found, {
          now: this.clock(),
          deliveries: delivery.deliveries,
          maxDeliveries: this.settings.maxDeliveries,
          phase: step.phase,
        });
        if (resolved.kind === "append") {
          await this.appendOutcome(resolved.events, log);
          if (stored) await this.markSettled(stored, log);
          return ACK;
        }
        if (resolved.kind === "retry") return this.retryLater(resolved.reason, "lookup_failed", delivery, log);
        break;
      }
      case "call":
        break;
      default: {
        const unhandled: never = step;
        throw new Error(`unknown attempt step ${(unhandled as { kind: string }).kind}`);
      }
    }

    // Waiting for the channel's rate happens before the attempt is recorded, so a crash while waiting is not a lost send.
    await this.rateLimiter.take(message.channelId);
    try {
      stored = await this.attempts.write(
        attemptStarted(command, stored?.attempt, { now: this.clock(), owner: this.owner }),
        stored,
      );
    } catch (error) {
      if (!(error instanceof AttemptConflictError)) throw error;
      log.info("the attempt changed meanwhile; reading it again later");
      return { kind: "retry", delayMs: this.settings.retryBaseDelayMs };
    }

    const started = performance.now();
    const answer = message.media
      ? await this.sendWithMedia(credentials, command, message)
      : await this.gateway.send(credentials, message, this.settings.statusCallback);
    this.metrics.twilioLatency.observe({ result: answer.kind }, (performance.now() - started) / 1000);
    return this.settleAnswer(command, message, answer, stored, delivery, log);
  }

  /**
   * A reply with files: each goes as a signed MediaUrl that Twilio fetches from the ingress. Without
   * MEDIA_URL_KEY this installation cannot give Twilio a URL, and the reply fails as Twilio would
   * refuse it, never sent without its files.
   */
  private sendWithMedia(
    credentials: TwilioCredentials,
    command: SendReply,
    message: OutboundMessage,
  ): Promise<TwilioAnswer> {
    const { mediaUrls } = this.settings;
    if (!mediaUrls || !message.media)
      return Promise.resolve({
        kind: "refused",
        message: "this installation has no MEDIA_URL_KEY, so it cannot give Twilio the files' URLs",
      });
    const urls = signedMediaUrls(mediaUrls, command.orgId, message.media, this.clock());
    return this.gateway.send(credentials, { ...message, mediaUrls: urls }, this.settings.statusCallback);
  }

  private async settleAnswer(
    command: SendReply,
    message: OutboundMessage,
    answer: TwilioAnswer,
    stored: StoredAttempt | undefined,
    delivery: Delivery,
    log: Logger,
  ): Promise<Disposition> {
    const decision = settle(command, message, answer, {
      now: this.clock(),
      deliveries: delivery.deliveries,
      maxDeliveries: this.settings.maxDeliveries,
    });
    if (decision.kind === "retry") {
      if (stored) await this.attempts.write({ ...stored.attempt, phase: phaseToRetry(answer) }, stored);
      return this.retryLater(decision.reason, answer.kind, delivery, log);
    }
    await this.appendOutcome(decision.events, log);
    if (stored) await this.markSettled(stored, log);
    return ACK;
  }

  /**
   * Puts the send back for a later delivery, backing off. `why` is the retries metric's reason:
   * Twilio's answer (`unavailable`, `in_doubt`) or `lookup_failed` (asking Twilio about a lost
   * attempt failed), so the log does not claim Twilio refused a send it was only asked about.
   */
  private retryLater(reason: string, why: string, delivery: Delivery, log: Logger): Disposition {
    const delayMs = retryDelayMs(delivery.deliveries, this.settings);
    this.metrics.retries.inc({ reason: why });
    log.warn("retrying the send later", { why, reason, delayMs });
    return { kind: "retry", delayMs };
  }

  private async appendOutcome(events: OutboundEvent[], log: Logger): Promise<void> {
    for (const event of events) {
      const ack = await this.appender.append(event);
      const outcome = event.type === "ReplySent" ? "sent" : event.reason;
      if (!ack.duplicate) this.metrics.outcomes.inc({ outcome });
      if (!ack.duplicate && event.type === "ReplyFailed")
        this.metrics.failures.inc({ reason: event.reason, error_code: event.errorCode ?? "none" });
      log.info(event.type === "ReplySent" ? "reply sent" : "reply failed", {
        outcome,
        messageSid: event.type === "ReplySent" ? event.messageSid : undefined,
        errorCode: event.type === "ReplyFailed" ? event.errorCode : undefined,
        stream: ack.stream,
        eventSeq: ack.seq,
        duplicate: ack.duplicate,
      });
    }
  }

  /** The outcome is in the stream already; a failure here only costs a re-check on redelivery. */
  private async markSettled(stored: StoredAttempt, log: Logger): Promise<void> {
    try {
      await this.attempts.write({ ...stored.attempt, phase: "settled" }, stored);
    } catch (error) {
      log.warn("could not mark the attempt settled", errorContext(error));
    }
  }
}

function viewOf(lookup: ChannelLookup, number: string | undefined): ChannelView | undefined {
  if (lookup.kind === "found") {
    const { channelId, orgId, number: channelNumber, isActive } = lookup.channel;
    return { channelId, orgId, number: channelNumber, isActive };
  }
  // A record whose token we cannot open is still a connected channel: the send path retries it.
  if (lookup.kind === "unreadable" && number)
    return { channelId: lookup.channelId, orgId: lookup.orgId, number, isActive: true };
  return undefined;
}
