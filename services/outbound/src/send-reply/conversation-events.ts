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

/** Where a read of the stream starts: from the start, or from a time. */
type ReadStart = { deliver_policy: DeliverPolicy; opt_start_time?: string };

/** A value for each subject format: the partitioned one, then the one from before partitions. */
type InFormats<T> = [T, T];

/** The later of the two formats' messages. */
function latest([current, legacy]: InFormats<StoredMsg | null>): StoredMsg | null {
  if (!current || !legacy) return current ?? legacy;
  return current.seq > legacy.seq ? current : legacy;
}

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
    const [inbound, sent, failed] = await Promise.all([
      this.lastOf(command, "inbound_received"),
      this.lastOf(command, "reply_sent"),
      this.lastOf(command, "reply_failed"),
    ]);
    const lastVerified = await Promise.all([
      this.lastVerifiedOf(command, "inbound_received", inbound),
      this.lastVerifiedOf(command, "reply_sent", sent),
      this.lastVerifiedOf(command, "reply_failed", failed),
    ]);
    const events = lastVerified.filter((event): event is CloudpaEvent => event !== undefined);
    let state = events.reduce(evolve, initialConversationState);
    if (state.settledCommands.has(command.commandId)) return state;

    for (const event of await this.eventsSince(command, sent, failed)) state = evolve(state, event);
    return state;
  }

  /** The subjects of a conversation's events of a kind, in each format. */
  private subjectsOf(command: SendReply, kind: ConversationEventKind): InFormats<string> {
    const { orgId, conversationId } = command;
    return [
      this.names.conversationEventSubject(orgId, conversationId, kind),
      this.names.legacyConversationEventSubject(orgId, conversationId, kind),
    ];
  }

  /**
   * The conversation's last event of a kind in each subject format: a stream from before
   * partitions keeps its events on subjects without the partition token (docs/decisions/019).
   */
  private async lastOf(command: SendReply, kind: ConversationEventKind): Promise<InFormats<StoredMsg | null>> {
    const [current, legacy] = await Promise.all(
      this.subjectsOf(command, kind).map((subject) =>
        this.jsm.streams.getMessage(this.names.eventsStream, { last_by_subj: subject }),
      ),
    );
    return [current ?? null, legacy ?? null];
  }

  /**
   * The last event of a kind that verifies. Almost always the last one stored; when that one
   * fails verification (forged, or signed by a key no longer known), the conversation's real last
   * one is before it, so the kind's subjects are read from the start up to it. Without this, one
   * unverifiable inbound event made the customer's open window look closed to every reply.
   */
  private async lastVerifiedOf(
    command: SendReply,
    kind: ConversationEventKind,
    stored: InFormats<StoredMsg | null>,
  ): Promise<CloudpaEvent | undefined> {
    const last = latest(stored);
    if (!last) return undefined;
    const event = this.open(last);
    if (event) return event;
    const subjects = this.subjectsOf(command, kind);
    const read = await Promise.all(
      stored.map((inFormat, format) =>
        inFormat ? this.eventsOn(subjects[format] as string, { deliver_policy: DeliverPolicy.All }, inFormat.seq) : [],
      ),
    );
    return read
      .flat()
      .sort((a, b) => a.seq - b.seq)
      .at(-1)?.event;
  }

  /**
   * The conversation's events from shortly before the command was requested up to its last
   * reply, read in each subject format that holds a reply, in stream order.
   */
  private async eventsSince(
    command: SendReply,
    sent: InFormats<StoredMsg | null>,
    failed: InFormats<StoredMsg | null>,
  ): Promise<CloudpaEvent[]> {
    const filters = this.names.conversationEventsFilters(command.orgId, command.conversationId);
    const read = await Promise.all(
      filters.map((filter, format) => {
        const lastReplySeq = Math.max(sent[format]?.seq ?? 0, failed[format]?.seq ?? 0);
        return lastReplySeq > 0 ? this.eventsOn(filter, this.startingBefore(command), lastReplySeq) : [];
      }),
    );
    return read
      .flat()
      .sort((a, b) => a.seq - b.seq)
      .map((entry) => entry.event);
  }

  /** From shortly before the command was requested. */
  private startingBefore(command: SendReply): ReadStart {
    const since = new Date(Date.parse(command.requestedAt) - REQUESTED_AT_SLACK_MS).toISOString();
    return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since };
  }

  /** The events that verify on `filter`, from `start` up to `untilSeq`, in stream order. */
  private async eventsOn(
    filter: string,
    start: ReadStart,
    untilSeq: number,
  ): Promise<{ seq: number; event: CloudpaEvent }[]> {
    // One filter subject (NATS 2.9 takes no more); events other than replies fold to no change.
    const consumer = await this.js.consumers.get(this.names.eventsStream, { filter_subjects: filter, ...start });
    const events: { seq: number; event: CloudpaEvent }[] = [];
    const messages = await consumer.consume({ max_messages: 256 });
    try {
      for await (const message of messages) {
        const event = this.open({
          seq: message.seq,
          subject: message.subject,
          data: message.data,
          header: message.headers,
        });
        if (event) events.push({ seq: message.seq, event });
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
