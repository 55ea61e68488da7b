import type { SendReply } from "@cloudpa/contracts";
import { errorContext, type Logger } from "@cloudpa/kit";
import { Inject } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import { type ChannelLookup, lookupChannel } from "../channels/channel.js";
import { OUTBOUND_RUNTIME, type OutboundRuntime } from "../outbound-runtime.js";
import type { TwilioCredentials } from "../twilio/twilio-gateway.js";
import { AttemptConflictError, type StoredAttempt } from "./attempt-store.js";
import { type Delivery, type Disposition, HandleSendReply } from "./handle-send-reply.command.js";
import {
  type ChannelView,
  decide,
  type OutboundEvent,
  type OutboundMessage,
  resolveLostAttempt,
  settle,
} from "./send-reply.decider.js";

const ACK: Disposition = { kind: "ack" };

/**
 * Handles one delivery of a SendReply: load the conversation's state, decide, call Twilio at
 * most once per command, append the outcome. Every choice is made by the pure decider.
 */
@CommandHandler(HandleSendReply)
export class SendReplyHandler implements ICommandHandler<HandleSendReply> {
  constructor(@Inject(OUTBOUND_RUNTIME) private readonly runtime: OutboundRuntime) {}

  async execute({ command, delivery }: HandleSendReply): Promise<Disposition> {
    const { conversations, channels, clock } = this.runtime;
    const log = this.runtime.logger.child({
      orgId: command.orgId,
      conversationId: command.conversationId,
      commandId: command.commandId,
      seq: delivery.seq,
      deliveries: delivery.deliveries,
    });
    const state = await conversations.stateFor(command);
    const lookup: ChannelLookup = state.channelNumber
      ? lookupChannel(channels, state.channelNumber)
      : { kind: "unknown" };
    const decision = decide(command, state, { now: clock(), channel: viewOf(lookup, state.channelNumber) });
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
    const { attempts, gateway, settings, clock, metrics, owner } = this.runtime;
    const bounds = { deliveries: delivery.deliveries, maxDeliveries: settings.maxDeliveries };
    if (lookup.kind !== "found") {
      // The web's CREDENTIALS_KEY differs from ours: retried, so an operator can fix it before the bound.
      log.error("cannot open the channel's credentials", { channelId: message.channelId });
      return this.settleAnswer(
        command,
        message,
        { kind: "unavailable", message: "credentials unreadable" },
        undefined,
        delivery,
        log,
      );
    }
    const credentials: TwilioCredentials = {
      accountSid: lookup.channel.accountSid,
      authToken: lookup.channel.authToken,
    };

    let stored = await attempts.get(command);
    if (stored?.attempt.phase === "settled") {
      log.info("attempt already settled");
      return ACK;
    }
    if (stored && (stored.attempt.phase === "sending" || stored.attempt.phase === "in_doubt")) {
      const { phase, attemptedAt } = stored.attempt;
      const sinceAttempt = clock().getTime() - Date.parse(attemptedAt);
      if (phase === "sending" && stored.attempt.owner !== owner && sinceAttempt < settings.attemptLeaseMs) {
        log.info("another process is sending this command; checking back later");
        return { kind: "retry", delayMs: settings.attemptLeaseMs - sinceAttempt };
      }
      const found = await gateway.lookup(credentials, message, new Date(attemptedAt));
      log.warn("resolved an attempt whose outcome was lost", {
        phase,
        found: found.kind,
        messageSid: found.kind === "found" ? found.messageSid : undefined,
      });
      const resolved = resolveLostAttempt(command, message, found, { now: clock(), ...bounds, phase });
      if (resolved.kind === "append") {
        await this.appendOutcome(resolved.events, log);
        await this.markSettled(stored, log);
        return ACK;
      }
      if (resolved.kind === "retry") return this.retryLater(resolved.reason, "lookup_failed", delivery, log);
    }

    // Waiting for the channel's rate happens before the attempt is recorded, so a crash while waiting is not a lost send.
    await this.runtime.rateLimiter.take(message.channelId);
    try {
      stored = await attempts.write(
        {
          commandId: command.commandId,
          orgId: command.orgId,
          conversationId: command.conversationId,
          phase: "sending",
          attemptedAt: clock().toISOString(),
          owner,
          sends: (stored?.attempt.sends ?? 0) + 1,
        },
        stored,
      );
    } catch (error) {
      if (!(error instanceof AttemptConflictError)) throw error;
      log.info("the attempt changed meanwhile; reading it again later");
      return { kind: "retry", delayMs: settings.retryBaseDelayMs };
    }

    const started = performance.now();
    const answer = await gateway.send(credentials, message, settings.statusCallback);
    metrics.twilioLatency.observe({ result: answer.kind }, (performance.now() - started) / 1000);
    return this.settleAnswer(command, message, answer, stored, delivery, log);
  }

  private async settleAnswer(
    command: SendReply,
    message: OutboundMessage,
    answer: Parameters<typeof settle>[2],
    stored: StoredAttempt | undefined,
    delivery: Delivery,
    log: Logger,
  ): Promise<Disposition> {
    const { settings, clock, attempts } = this.runtime;
    const decision = settle(command, message, answer, {
      now: clock(),
      deliveries: delivery.deliveries,
      maxDeliveries: settings.maxDeliveries,
    });
    if (decision.kind === "retry") {
      if (stored) {
        const phase = answer.kind === "in_doubt" ? "in_doubt" : "not_sent";
        await attempts.write({ ...stored.attempt, phase }, stored);
      }
      return this.retryLater(decision.reason, answer.kind, delivery, log);
    }
    await this.appendOutcome(decision.events, log);
    if (stored) await this.markSettled(stored, log);
    return ACK;
  }

  /** Backs off exponentially per delivery, bounded. */
  private retryLater(reason: string, kind: string, delivery: Delivery, log: Logger): Disposition {
    const { settings, metrics } = this.runtime;
    const delayMs = Math.min(settings.retryBaseDelayMs * 2 ** (delivery.deliveries - 1), settings.maxRetryDelayMs);
    metrics.retries.inc({ reason: kind });
    log.warn("Twilio did not take the reply; retrying later", { reason, delayMs });
    return { kind: "retry", delayMs };
  }

  private async appendOutcome(events: OutboundEvent[], log: Logger): Promise<void> {
    for (const event of events) {
      const ack = await this.runtime.appender.append(event);
      const outcome = event.type === "ReplySent" ? "sent" : event.reason;
      if (!ack.duplicate) this.runtime.metrics.outcomes.inc({ outcome });
      if (!ack.duplicate && event.type === "ReplyFailed")
        this.runtime.metrics.failures.inc({ reason: event.reason, error_code: event.errorCode ?? "none" });
      log.info(event.type === "ReplySent" ? "reply sent" : "reply failed", {
        outcome,
        messageSid: event.type === "ReplySent" ? event.messageSid : undefined,
        errorCode: event.type === "ReplyFailed" ? event.errorCode : undefined,
        stream: this.runtime.names.eventsStream,
        eventSeq: ack.seq,
        duplicate: ack.duplicate,
      });
    }
  }

  /** The outcome is in the stream already; a failure here only costs a re-check on redelivery. */
  private async markSettled(stored: StoredAttempt, log: Logger): Promise<void> {
    try {
      await this.runtime.attempts.write({ ...stored.attempt, phase: "settled" }, stored);
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
