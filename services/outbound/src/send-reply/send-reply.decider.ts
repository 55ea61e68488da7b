import {
  type CloudpaEvent,
  conversationIdFor,
  type Decider,
  eventIdFor,
  type MessageStatus,
  type ReplyFailed,
  type ReplyFailureReason,
  type ReplySent,
  type SendReply,
  type StoredMedia,
  type TemplateSend,
} from "@cloudpa/contracts";

/** WhatsApp's customer-service window: a business may answer freely this long after the customer's last message. */
export const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What the outbound knows about one conversation, folded from the conversation's own events. */
export interface ConversationState {
  channelId?: string;
  /** The channel number the customer wrote to. */
  channelNumber?: string;
  /** The customer's `whatsapp:+…` handle. */
  customerHandle?: string;
  lastInboundAt?: string;
  /** Commands that already have a ReplySent or ReplyFailed. */
  settledCommands: ReadonlySet<string>;
}

export const initialConversationState: ConversationState = { settledCommands: new Set() };

/** The channel as the registry knows it now (not an event: the registry is a KV bucket). */
export interface ChannelView {
  channelId: string;
  orgId: string;
  number: string;
  isActive: boolean;
}

/** A SendReply as the decider takes it: with the time and the registry's view of the channel passed in. */
export interface SendReplyRequest {
  command: SendReply;
  now: Date;
  /** The channel of the conversation's last inbound message, if the registry knows it. */
  channel: ChannelView | undefined;
}

/** The message to hand to Twilio. */
export interface OutboundMessage {
  channelId: string;
  from: string;
  to: string;
  /** What the customer reads (a template's rendered text). */
  body: string;
  /** Sent as this template (ContentSid + ContentVariables) rather than as `body`. */
  template?: TemplateSend;
  /** Files of the media Object Store sent with it (decision 021). */
  media?: StoredMedia[];
  /** Their signed URLs at PUBLIC_BASE_URL, which Twilio fetches: set by the handler just before the call. */
  mediaUrls?: string[];
}

export type OutboundEvent = ReplySent | ReplyFailed;

export type SendReplyDecision =
  /** The command already has an outcome: nothing to do. */
  | { kind: "settled" }
  /** The reply cannot go out; the outcome says why, and Twilio is not called. */
  | { kind: "append"; events: OutboundEvent[] }
  | { kind: "send"; message: OutboundMessage };

/** What Twilio answered to one attempt, as the gateway classifies it. */
export type TwilioAnswer =
  | { kind: "accepted"; messageSid: string; status: MessageStatus }
  /** A permanent refusal (4xx): retrying cannot help. */
  | { kind: "refused"; code?: string; message: string }
  /** Twilio did not take the message (429, 5xx, no connection): sending again is safe. */
  | { kind: "unavailable"; message: string }
  /** Twilio may or may not have taken it (a timeout): find out before sending again. */
  | { kind: "in_doubt"; message: string };

/** What a lookup at Twilio found for an attempt whose outcome was lost. */
export type LookupResult =
  | { kind: "found"; messageSid: string; status: MessageStatus }
  | { kind: "not_found" }
  /** Twilio could not be asked (down, or refused the lookup). */
  | { kind: "failed"; message: string };

export interface AnswerMetadata {
  now: Date;
  /** How many times this command has been delivered, this time included. */
  deliveries: number;
  maxDeliveries: number;
}

export type SettleDecision = { kind: "append"; events: OutboundEvent[] } | { kind: "retry"; reason: string };

export function evolve(state: ConversationState, event: CloudpaEvent): ConversationState {
  switch (event.type) {
    case "InboundMessageReceived":
      if (state.lastInboundAt && Date.parse(state.lastInboundAt) > Date.parse(event.receivedAt)) return state;
      return {
        ...state,
        channelId: event.channelId,
        channelNumber: event.to,
        customerHandle: event.from,
        lastInboundAt: event.receivedAt,
      };
    case "ReplySent":
      // A conversation the freelancer started (a template to a new number) has no inbound
      // message: its first reply names the channel and the customer for the next ones.
      return {
        ...state,
        channelId: state.channelId ?? event.channelId,
        channelNumber: state.channelNumber ?? event.from,
        customerHandle: state.customerHandle ?? event.to,
        settledCommands: new Set([...state.settledCommands, event.commandId]),
      };
    case "ReplyFailed":
      return { ...state, settledCommands: new Set([...state.settledCommands, event.commandId]) };
    case "MessageStatusUpdated":
    case "ConversationRead":
    case "ChannelConnected":
    case "ChannelDisconnected":
    case "ContactErased":
    case "InboundMediaStored":
    case "ConversationArchived":
    case "ConversationUnarchived":
    case "ConversationSnoozed":
    case "ConversationPinned":
    case "ConversationUnpinned":
    case "ConversationMarkedUnread":
    case "ConversationMuted":
    case "ConversationUnmuted":
    case "LabelCreated":
    case "LabelRenamed":
    case "LabelRecoloured":
    case "LabelDeleted":
    case "ConversationLabelled":
    case "ConversationUnlabelled":
    case "NoteAdded":
    case "NoteEdited":
    case "NoteDeleted":
    case "ContactDetailsUpdated":
    case "SavedReplyCreated":
    case "SavedReplyEdited":
    case "SavedReplyDeleted":
      return state;
    default: {
      const unhandled: never = event;
      throw new Error(`evolve: unknown event ${(unhandled as { type: string }).type}`);
    }
  }
}

function replyFailed(
  command: SendReply,
  now: Date,
  reason: ReplyFailureReason,
  errorMessage: string,
  extra: { channelId?: string; from?: string; to?: string; errorCode?: string } = {},
): ReplyFailed {
  return {
    type: "ReplyFailed",
    version: 1,
    eventId: eventIdFor("out", command.commandId),
    orgId: command.orgId,
    occurredAt: now.toISOString(),
    conversationId: command.conversationId,
    ...(extra.channelId ? { channelId: extra.channelId } : {}),
    ...(extra.from && extra.to ? { from: extra.from, to: extra.to } : {}),
    commandId: command.commandId,
    reason,
    ...(extra.errorCode ? { errorCode: extra.errorCode } : {}),
    errorMessage,
    body: command.text,
    ...(command.template ? { template: command.template } : {}),
    ...(command.media ? { media: command.media } : {}),
    requestedBy: command.requestedBy,
    failedAt: now.toISOString(),
  };
}

/**
 * Who a reply that reached Twilio was for: a failure carries them like ReplySent does, so a
 * refused first template to a new number still makes its conversation in the inbox.
 */
function recipientOf(message: OutboundMessage): { channelId: string; from: string; to: string } {
  return { channelId: message.channelId, from: message.from, to: message.to };
}

function replySent(
  command: SendReply,
  message: OutboundMessage,
  now: Date,
  messageSid: string,
  status: MessageStatus,
): ReplySent {
  return {
    type: "ReplySent",
    version: 1,
    eventId: eventIdFor("out", command.commandId),
    orgId: command.orgId,
    occurredAt: now.toISOString(),
    channelId: message.channelId,
    conversationId: command.conversationId,
    commandId: command.commandId,
    messageSid,
    status,
    from: message.from,
    to: message.to,
    body: command.text,
    ...(message.template ? { template: message.template } : {}),
    ...(message.media ? { media: message.media } : {}),
    requestedBy: command.requestedBy,
    sentAt: now.toISOString(),
  };
}

/** Decides whether a SendReply may go to Twilio. Pure: time and the channel are passed in. */
export function decide(request: SendReplyRequest, state: ConversationState): SendReplyDecision {
  const { command, now, channel } = request;
  if (state.settledCommands.has(command.commandId)) return { kind: "settled" };
  const reject = (reason: ReplyFailureReason, message: string, channelId?: string): SendReplyDecision => ({
    kind: "append",
    events: [replyFailed(command, now, reason, message, { channelId })],
  });

  const party = partyOf(command, state);
  if (party.kind === "mismatch")
    return reject("channel_unknown", "the command's recipient is not the conversation's customer and channel");
  if (party.kind === "none")
    return reject(
      "window_closed",
      "the customer has not written on this conversation, so WhatsApp allows only templates",
    );
  if (!channel || channel.channelId !== party.channelId || channel.orgId !== command.orgId)
    return reject("channel_unknown", "the conversation's channel is not connected", party.channelId);
  if (!channel.isActive) {
    // The channel is the org's, so the failure names it and the customer, as Twilio's refusals
    // do: a new conversation's first template refused here still makes its conversation, and the
    // inbox shows why nothing went out (without them the page that started it waited for good).
    const failed = replyFailed(command, now, "channel_inactive", "the conversation's channel is inactive", {
      channelId: channel.channelId,
      from: channel.number,
      to: party.customerHandle,
    });
    return { kind: "append", events: [failed] };
  }
  // An approved template may go at any time; free text only inside the customer's 24-hour window.
  if (!command.template) {
    if (!state.lastInboundAt)
      return reject(
        "window_closed",
        "the customer has not written on this conversation, so WhatsApp allows only templates",
        channel.channelId,
      );
    if (now.getTime() - Date.parse(state.lastInboundAt) >= SESSION_WINDOW_MS)
      return reject(
        "window_closed",
        "the customer's last message is more than 24 hours old, so WhatsApp allows only templates",
        channel.channelId,
      );
  }
  return {
    kind: "send",
    message: {
      channelId: channel.channelId,
      from: channel.number,
      to: party.customerHandle,
      body: command.text,
      ...(command.template ? { template: command.template } : {}),
      ...(command.media ? { media: command.media } : {}),
    },
  };
}

type Party = { kind: "known"; channelId: string; customerHandle: string } | { kind: "none" } | { kind: "mismatch" };

/**
 * Who the reply goes to: the customer and channel of the conversation's events, or for a
 * conversation with none yet, the command's recipient, which must be the one its id names.
 */
function partyOf(command: SendReply, state: ConversationState): Party {
  if (state.customerHandle && state.channelId)
    return { kind: "known", channelId: state.channelId, customerHandle: state.customerHandle };
  const recipient = command.recipient;
  if (!recipient) return { kind: "none" };
  if (conversationIdFor(recipient.channelId, recipient.to) !== command.conversationId) return { kind: "mismatch" };
  return { kind: "known", channelId: recipient.channelId, customerHandle: recipient.to };
}

/** The channel number to resolve in the registry: the conversation's, or a new conversation's recipient's. */
export function channelNumberOf(command: SendReply, state: ConversationState): string | undefined {
  return state.channelNumber ?? command.recipient?.from;
}

/**
 * The SendReply decider (decision 017): the conversation's state folded from its own events,
 * and the decision for one request. Twilio's answers are then settled by `settle` and
 * `resolveLostAttempt`, and the attempt's lease and phases by `send-attempt.ts`.
 */
export const sendReplyDecider: Decider<SendReplyRequest, ConversationState, CloudpaEvent, SendReplyDecision> = {
  decide,
  evolve,
  initialState: initialConversationState,
};

/** The events a decision appends (none when it settles nothing or sends). */
export function eventsOfDecision(decision: SendReplyDecision): OutboundEvent[] {
  return decision.kind === "append" ? decision.events : [];
}

/** Turns Twilio's answer to an attempt into the command's outcome, or a retry. */
export function settle(
  command: SendReply,
  message: OutboundMessage,
  answer: TwilioAnswer,
  metadata: AnswerMetadata,
): SettleDecision {
  const { now } = metadata;
  switch (answer.kind) {
    case "accepted":
      return { kind: "append", events: [replySent(command, message, now, answer.messageSid, answer.status)] };
    case "refused":
      return {
        kind: "append",
        events: [
          replyFailed(command, now, "twilio_error", answer.message, {
            ...recipientOf(message),
            errorCode: answer.code,
          }),
        ],
      };
    case "in_doubt":
      // Twilio may have the message: the next delivery looks it up before anything else.
      return { kind: "retry", reason: answer.message };
    case "unavailable":
      if (metadata.deliveries >= metadata.maxDeliveries)
        return {
          kind: "append",
          events: [
            replyFailed(
              command,
              now,
              "retries_exhausted",
              `Twilio did not take the message after ${metadata.deliveries} attempts: ${answer.message}`,
              recipientOf(message),
            ),
          ],
        };
      return { kind: "retry", reason: answer.message };
    default: {
      const unhandled: never = answer;
      throw new Error(`settle: unknown answer ${(unhandled as { kind: string }).kind}`);
    }
  }
}

export type LostAttemptDecision =
  | { kind: "append"; events: OutboundEvent[] }
  | { kind: "send_again" }
  | { kind: "retry"; reason: string };

/**
 * Resolves an attempt whose outcome was lost. A message Twilio has is the reply sent. When
 * Twilio has none: after a crash mid-call (`sending`) the freelancer is told to resend,
 * because sending blindly could deliver the reply twice; after a timeout we saw (`in_doubt`)
 * the send is retried like any other, within the same bound. A lookup that fails is asked
 * again later, and past the bound the outcome is reported unknown.
 */
export function resolveLostAttempt(
  command: SendReply,
  message: OutboundMessage,
  lookup: LookupResult,
  metadata: AnswerMetadata & { phase: "sending" | "in_doubt" },
): LostAttemptDecision {
  const { now } = metadata;
  if (lookup.kind === "found")
    return { kind: "append", events: [replySent(command, message, now, lookup.messageSid, lookup.status)] };
  if (lookup.kind === "failed" && metadata.deliveries < metadata.maxDeliveries)
    return { kind: "retry", reason: lookup.message };
  if (lookup.kind === "not_found" && metadata.phase === "in_doubt" && metadata.deliveries <= metadata.maxDeliveries)
    return { kind: "send_again" };
  if (lookup.kind === "not_found" && metadata.phase === "in_doubt")
    return {
      kind: "append",
      events: [
        replyFailed(command, now, "retries_exhausted", `Twilio did not answer in ${metadata.maxDeliveries} attempts`, {
          ...recipientOf(message),
        }),
      ],
    };
  return {
    kind: "append",
    events: [
      replyFailed(
        command,
        now,
        "outcome_unknown",
        lookup.kind === "failed"
          ? `the send was interrupted and Twilio could not be asked whether it arrived (${lookup.message}); check and send it again`
          : "the send was interrupted and Twilio has no record of the message; send it again",
        recipientOf(message),
      ),
    ],
  };
}
