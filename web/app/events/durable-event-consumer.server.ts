import { type CloudpaEvent, type CloudpaNames, type Keyring, openEvent } from "@cloudpa/contracts";
import { errorContext, headerLookupOf, type Logger, livePull } from "@cloudpa/kit";
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";

export interface DurableEventConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: CloudpaNames;
  logger: Logger;
  /** Verifies the events, as every consumer of the stream does. */
  keyring: Keyring;
  /** The durable consumer's name on the EVENTS stream. */
  durableName: string;
  /** What the logs call it. */
  what: string;
  ackWaitMs: number;
  maxAckPending: number;
  /** How many messages one pull asks for. */
  batch: number;
}

/**
 * One of the web process's durable consumers of the EVENTS stream (web push, decision 025; the
 * auto-replier, decision 026): created from now on when it does not exist, so a first start acts
 * on nothing of the stream's history; afterwards durable, so what arrives while every web process
 * is down is handled when one comes back. Each verified event goes to `handle` in stream order,
 * which acks, naks or terminates its message; one that fails verification is acked unhandled (the
 * projector quarantines it; nobody acts on it). A broken pull is set up again a second later.
 */
export class DurableEventConsumer {
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly options: DurableEventConsumerOptions;
  private readonly handle: (event: CloudpaEvent, message: JsMsg) => Promise<void>;

  constructor(options: DurableEventConsumerOptions, handle: (event: CloudpaEvent, message: JsMsg) => Promise<void>) {
    this.options = options;
    this.handle = handle;
  }

  async start(): Promise<void> {
    await this.ensureConsumer();
    this.loop = this.consumeLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.loop;
  }

  private async ensureConsumer(): Promise<void> {
    const { jsm, names, durableName } = this.options;
    const existing = await jsm.consumers.info(names.eventsStream, durableName).catch(() => undefined);
    if (existing) return;
    await jsm.consumers.add(names.eventsStream, {
      durable_name: durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      filter_subject: names.eventsSubjects,
      ack_wait: nanos(this.options.ackWaitMs),
      max_ack_pending: this.options.maxAckPending,
      max_deliver: -1,
    });
  }

  private async consumeLoop(): Promise<void> {
    const { js, names, logger, durableName } = this.options;
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(names.eventsStream, durableName);
        this.messages = await consumer.consume(livePull(this.options.batch));
        if (this.stopped) {
          this.messages.stop();
          break;
        }
        for await (const message of this.messages) await this.verified(message);
      } catch (error) {
        logger.error(`${this.options.what} stopped; restarting`, errorContext(error));
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private async verified(message: JsMsg): Promise<void> {
    let event: CloudpaEvent;
    try {
      event = openEvent(message.data, headerLookupOf(message.headers), this.options.keyring);
    } catch {
      message.ack();
      return;
    }
    await this.handle(event, message);
  }
}
