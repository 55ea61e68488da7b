import {
  type CloudpaEvent,
  type CloudpaNames,
  type InboundMessageReceived,
  type Keyring,
  type SigningKey,
  sendReplySchema,
} from "@cloudpa/contracts";
import { appendSigned, errorContext, type Logger, nextStoredMessage } from "@cloudpa/kit";
import type { JetStreamClient, JetStreamManager, JsMsg } from "@nats-io/jetstream";
import type { Queryable } from "#app/db/queryable.server.ts";
import { DurableEventConsumer } from "#app/events/durable-event-consumer.server.ts";
import { autoReplyStateOf, recordIssued } from "./auto-replies-issued.server.ts";
import { autoReplyDecider } from "./auto-reply.decider.ts";
import { autoReplySettingsOf } from "./auto-reply-settings.server.ts";

/** The web's durable consumer on the EVENTS stream that sends the automatic replies (docs/decisions/026). */
export const AUTO_REPLY_CONSUMER = "web-auto-replies";

/** A message whose replies could not be issued (Postgres or NATS did not answer) comes back after this. */
const RETRY_DELAY_MS = 5_000;

export interface AutoReplierOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: CloudpaNames;
  db: Queryable;
  logger: Logger;
  /** Verifies the events, as every consumer of the stream does. */
  keyring: Keyring;
  /** The web's key: the commands are the web's, as a typed reply's are. */
  signingKey: SigningKey;
  /** The controlled clock of the specs. */
  now?: () => Date;
}

/**
 * The process manager of the automatic replies: for each customer message (InboundMessageReceived)
 * it loads the org's settings and whether the conversation had a message before, asks the pure
 * decider for the SendReply commands, and appends each one not issued before, as the web appends a
 * typed reply (signed by the web, msg id `cmd:<org>:<commandId>`); the outbound sends them like any
 * other, so they show in the conversation as the freelancer's replies. Each command's id derives from
 * its trigger, and each is recorded in `app.auto_replies_issued` after JetStream stored it and before
 * the event is acked: a redelivery, a restart or a replay of the stream issues nothing again, and
 * a crash between the append and the record repeats the same command, which JetStream drops as a
 * duplicate within its window and the outbound finds settled after it.
 */
export class AutoReplier {
  private readonly consumer: DurableEventConsumer;
  private readonly now: () => Date;
  private readonly options: AutoReplierOptions;

  constructor(options: AutoReplierOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.consumer = new DurableEventConsumer(
      {
        ...options,
        durableName: AUTO_REPLY_CONSUMER,
        what: "auto-replier",
        ackWaitMs: 30_000,
        maxAckPending: 64,
        batch: 32,
      },
      (event, message) => this.handle(event, message),
    );
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async handle(event: CloudpaEvent, message: JsMsg): Promise<void> {
    if (event.type !== "InboundMessageReceived") {
      message.ack();
      return;
    }
    try {
      await this.reply(event, message);
      message.ack();
    } catch (error) {
      this.options.logger.warn("automatic replies not issued; will retry", {
        orgId: event.orgId,
        conversationId: event.conversationId,
        eventId: event.eventId,
        seq: message.seq,
        ...errorContext(error),
      });
      message.nak(RETRY_DELAY_MS);
    }
  }

  private async reply(event: InboundMessageReceived, message: JsMsg): Promise<void> {
    const { db, js, names, logger, signingKey } = this.options;
    const settings = await autoReplySettingsOf(db, event.orgId);
    if (!settings || (!settings.away.enabled && !settings.greeting.enabled)) return;
    const trigger = {
      event,
      settings,
      firstMessage: settings.greeting.enabled && (await this.isFirstMessage(event, message.seq)),
      now: this.now(),
    };
    const candidates = autoReplyDecider.decide(trigger, autoReplyDecider.initialState);
    if (candidates.length === 0) return;
    const state = await autoReplyStateOf(
      db,
      event.orgId,
      event.conversationId,
      candidates.map((command) => command.commandId),
    );
    for (const command of autoReplyDecider.decide(trigger, state)) {
      const ack = await appendSigned(js, names, sendReplySchema.parse(command), signingKey);
      await recordIssued(db, command, command.requestedBy, event.eventId);
      message.working();
      logger.info("automatic reply issued", {
        orgId: command.orgId,
        conversationId: command.conversationId,
        commandId: command.commandId,
        kind: command.requestedBy,
        trigger: event.eventId,
        duplicate: ack.duplicate,
      });
    }
  }

  /**
   * Whether the message is the first its conversation ever had: the first inbound message stored on
   * the conversation's subject (in either subject format, docs/decisions/019) is this one. Read from
   * the stream, the source of truth, so it holds however far the read model lags.
   */
  private async isFirstMessage(event: InboundMessageReceived, seq: number): Promise<boolean> {
    const { jsm, names } = this.options;
    const subjects = [
      names.conversationEventSubject(event.orgId, event.conversationId, "inbound_received"),
      names.legacyConversationEventSubject(event.orgId, event.conversationId, "inbound_received"),
    ];
    const firsts = await Promise.all(subjects.map((subject) => nextStoredMessage(jsm, names.eventsStream, 1, subject)));
    const seqs = firsts.flatMap((stored) => (stored ? [stored.seq] : []));
    return seqs.length > 0 && Math.min(...seqs) === seq;
  }
}
