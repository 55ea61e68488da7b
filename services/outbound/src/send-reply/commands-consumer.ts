import { EnvelopeError, type OutboundEnv, openCommand } from "@cloudpa/contracts";
import {
  errorContext,
  extractTraceContext,
  headerLookupOf,
  inSpan,
  LOGGER,
  type Logger,
  livePull,
  ServiceNats,
} from "@cloudpa/kit";
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from "@nestjs/common";
import { SpanKind } from "@opentelemetry/api";
import { OutboundMetrics } from "../ops/outbound-metrics.js";
import { CLOCK, type Clock, OUTBOUND_ENV, SEND_SETTINGS, type SendSettings } from "../outbound-config.js";
import { CommandQuarantine, quarantinedCommandOf } from "../quarantine/command-quarantine.js";
import { SendReplyHandler } from "./send-reply.handler.js";
import { KeyedSerialQueue, Semaphore } from "./work-limits.js";

/** The durable consumer's name on the COMMANDS stream (a work queue: one consumer per subject). */
export const COMMANDS_CONSUMER = "outbound";

/**
 * Pulls SendReply commands from the COMMANDS stream, verifies each against EVENT_PUBLIC_KEYS,
 * and hands it to the SendReply handler, at most `INGEST_CONCURRENCY` at a time and one at a time
 * per conversation. A command that fails verification is quarantined: kept in the quarantine
 * bucket with its bytes (for `cloudpa quarantine list | show | retry`), logged with its sequence,
 * counted, and terminated so it is never redelivered.
 */
@Injectable()
export class CommandsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private messages: ConsumerMessages | undefined;
  private running = false;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly slots: Semaphore;
  private readonly conversations = new KeyedSerialQueue();
  private readonly handling = new Set<Promise<void>>();

  constructor(
    @Inject(ServiceNats) private readonly nats: ServiceNats,
    @Inject(SendReplyHandler) private readonly handler: SendReplyHandler,
    @Inject(CommandQuarantine) private readonly quarantined: CommandQuarantine,
    @Inject(OutboundMetrics) private readonly metrics: OutboundMetrics,
    @Inject(OUTBOUND_ENV) private readonly env: OutboundEnv,
    @Inject(SEND_SETTINGS) private readonly settings: SendSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.slots = new Semaphore(settings.concurrency);
  }

  isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { jsm, names } = this.nats;
    const { settings } = this;
    // An existing consumer is updated too, so a changed OUTBOUND_ACK_WAIT_MS applies at the next start.
    const config = {
      durable_name: COMMANDS_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: names.sendReplySubject("*"),
      ack_wait: nanos(settings.ackWaitMs),
      max_ack_pending: settings.concurrency * 4,
      // Unbounded at the server: the handler bounds retries of a send itself, and an outage of
      // NATS or Twilio must not drop a command.
      max_deliver: -1,
    };
    const existing = await jsm.consumers.info(names.commandsStream, COMMANDS_CONSUMER).catch(() => undefined);
    if (existing) await jsm.consumers.update(names.commandsStream, COMMANDS_CONSUMER, config);
    else await jsm.consumers.add(names.commandsStream, config);
    this.loop = this.consumeLoop();
  }

  /** Before NATS closes (onApplicationShutdown): stop pulling, let sends in flight record their outcome. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.loop;
    // Sends in flight finish (and record their outcome) unless one hangs past Twilio's timeout.
    const grace = new Promise((resolve) => setTimeout(resolve, this.settings.twilioTimeoutMs + 1000).unref());
    await Promise.race([Promise.allSettled([...this.handling]), grace]);
  }

  private async consumeLoop(): Promise<void> {
    const { js, names } = this.nats;
    const { logger, settings } = this;
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(names.commandsStream, COMMANDS_CONSUMER);
        this.messages = await consumer.consume(livePull(settings.concurrency));
        // Shut down while the pull was being set up: nothing would stop it later.
        if (this.stopped) {
          this.messages.stop();
          break;
        }
        this.running = true;
        for await (const message of this.messages) {
          await this.slots.acquire();
          const handled = this.handle(message).finally(() => {
            this.slots.release();
            this.handling.delete(handled);
          });
          this.handling.add(handled);
        }
      } catch (error) {
        logger.error("commands consumer stopped; restarting", errorContext(error));
      } finally {
        this.running = false;
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const { logger, metrics, env } = this;
    const { names } = this.nats;
    const where: MessagePlace = { stream: names.commandsStream, seq: message.seq, subject: message.subject };
    let command: ReturnType<typeof openCommand>;
    try {
      command = openCommand(message.data, (name) => message.headers?.get(name), env.EVENT_PUBLIC_KEYS);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      await this.quarantine(message, error, where);
      return;
    }
    const delivery = { seq: message.seq, deliveries: message.info.deliveryCount };
    metrics.inFlight.inc();
    try {
      // The command's handling continues the trace of its append (the web's reply), from its headers.
      const parent = extractTraceContext(headerLookupOf(message.headers));
      const disposition = await this.conversations.run(command.conversationId, () =>
        inSpan(
          "handle SendReply",
          { kind: SpanKind.CONSUMER, attributes: { ...spanAttributesOf(where), "cloudpa.org_id": command.orgId } },
          async (span) => {
            const outcome = await this.handler.handle(command, delivery);
            span.setAttribute("cloudpa.disposition", outcome.kind);
            return outcome;
          },
          parent,
        ),
      );
      if (disposition.kind === "ack") {
        // An ack the server did not confirm only costs a redelivery: the outcome is appended
        // already, so the handler finds it and acks again without calling Twilio.
        await message.ackAck().catch((error: unknown) =>
          logger.warn("the ack of a handled command was not confirmed; it may be redelivered", {
            ...where,
            commandId: command.commandId,
            ...errorContext(error),
          }),
        );
      } else message.nak(disposition.delayMs);
    } catch (error) {
      logger.error("handling a command failed; it will be redelivered", {
        ...where,
        orgId: command.orgId,
        conversationId: command.conversationId,
        commandId: command.commandId,
        ...errorContext(error),
      });
      message.nak(this.settings.failureRetryDelayMs);
    } finally {
      metrics.inFlight.dec();
    }
  }

  /** Keeps the refused command for the operator, then terminates it; if it cannot be kept, it comes back later. */
  private async quarantine(message: JsMsg, error: EnvelopeError, where: MessagePlace): Promise<void> {
    const { logger, metrics, settings, clock } = this;
    const record = quarantinedCommandOf(
      { ...where, data: message.data, headers: message.headers, storedAt: message.time },
      { code: error.code, reason: error.message },
      clock(),
    );
    let key: string;
    try {
      key = await this.quarantined.keep(record);
    } catch (keepError) {
      logger.error("could not keep a command that fails verification; it will be redelivered", {
        ...where,
        code: error.code,
        ...errorContext(keepError),
      });
      message.nak(settings.failureRetryDelayMs);
      return;
    }
    metrics.quarantined.inc({ code: error.code });
    logger.error("quarantined a command that fails verification", {
      ...where,
      key,
      orgId: record.orgId,
      commandId: record.commandId,
      code: error.code,
      error: error.message,
    });
    // No reason text: NATS 2.9 ignores a `+TERM` that carries one.
    message.term();
  }
}

/** Where a command sits in COMMANDS, as its log lines and its quarantine record name it. */
interface MessagePlace {
  stream: string;
  seq: number;
  subject: string;
}

function spanAttributesOf(where: MessagePlace) {
  return {
    "messaging.system": "nats",
    "messaging.operation.type": "process",
    "messaging.destination.name": where.subject,
    "cloudpa.stream.seq": where.seq,
  };
}
