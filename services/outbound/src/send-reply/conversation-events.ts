import {
  type CloudpaEvent,
  type CloudpaNames,
  type ConversationEventKind,
  EnvelopeError,
  type Keyring,
  openEvent,
  type SendReply,
} from "@cloudpa/contracts";
import type { Logger } from "@cloudpa/kit";
import { DeliverPolicy, type JetStreamClient, type JetStreamManager, type StoredMsg } from "@nats-io/jetstream";
import { type ConversationState, evolve, initialConversationState } from "./send-reply.decider.js";

/** An outcome is appended after its command was requested; this covers the requester's clock running ahead of ours. */
const REQUESTED_AT_SLACK_MS = 60 * 60 * 1000;

/**
 * Reads the state one SendReply is decided on from the conversation's own events in EVENTS:
 * its latest inbound message, and whether this command already has an outcome. Cheap per
 * command: reads of the last message per subject, plus, only when other replies came after,
 * a scan of the conversation's events since the command was requested.
 */
export class ConversationEvents {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: CloudpaNames,
    private readonly keyring: Keyring,
    private readonly logger: Logger,
  ) {}

  async stateFor(command: SendReply): Promise<ConversationState> {
    const subject = (kind: ConversationEventKind) =>
      this.names.conversationEventSubject(command.orgId, command.conversationId, kind);
    const [inbound, lastSent, lastFailed] = await Promise.all(
      (["inbound_received", "reply_sent", "reply_failed"] as const).map((kind) =>
        this.jsm.streams.getMessage(this.names.eventsStream, { last_by_subj: subject(kind) }),
      ),
    );
    const events: CloudpaEvent[] = [];
    for (const stored of [inbound, lastSent, lastFailed]) {
      const event = stored ? this.open(stored) : undefined;
      if (event) events.push(event);
    }
    let state = events.reduce(evolve, initialConversationState);
    if (state.settledCommands.has(command.commandId)) return state;

    const lastReplySeq = Math.max(lastSent?.seq ?? 0, lastFailed?.seq ?? 0);
    if (lastReplySeq > 0) {
      for (const event of await this.eventsSince(command, lastReplySeq)) state = evolve(state, event);
    }
    return state;
  }

  /** The conversation's events from shortly before the command was requested up to `untilSeq`. */
  private async eventsSince(command: SendReply, untilSeq: number): Promise<CloudpaEvent[]> {
    const since = new Date(Date.parse(command.requestedAt) - REQUESTED_AT_SLACK_MS).toISOString();
    // One filter subject (NATS 2.9 takes no more); events other than replies fold to no change.
    const consumer = await this.js.consumers.get(this.names.eventsStream, {
      filter_subjects: this.names.conversationEventsFilter(command.orgId, command.conversationId),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: since,
    });
    const events: CloudpaEvent[] = [];
    const messages = await consumer.consume({ max_messages: 256 });
    try {
      for await (const message of messages) {
        const event = this.open({
          seq: message.seq,
          subject: message.subject,
          data: message.data,
          header: message.headers,
        });
        if (event) events.push(event);
        // Stop at the last reply seen, or at the end of what is stored (should that reply predate `since`).
        if (message.seq >= untilSeq || message.info.pending === 0) break;
      }
    } finally {
      messages.stop();
      await consumer.delete().catch(() => undefined);
    }
    return events;
  }

  /** An event that fails verification is not part of the conversation: logged, never folded. */
  private open(stored: Pick<StoredMsg, "seq" | "subject" | "data"> & { header?: { get(name: string): string } }) {
    try {
      return openEvent(stored.data, (name) => stored.header?.get(name), this.keyring);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      this.logger.warn("skipping an event that fails verification", {
        stream: this.names.eventsStream,
        seq: stored.seq,
        subject: stored.subject,
        code: error.code,
      });
      return undefined;
    }
  }
}
