import {
  AUTO_REPLY_REQUESTERS,
  type AutoReplyKind,
  type AutoReplySettings,
  autoReplyCommandIdFor,
  type Decider,
  type InboundMessageReceived,
  type SendReply,
  type TemplateSend,
} from "@cloudpa/contracts";
import { replyWindowOf } from "#app/inbox/reply-window.ts";
import { hoursAt } from "./working-hours.ts";

/**
 * A customer message read later than this is not answered automatically: an away message or a
 * greeting a day and more late says nothing true, and a replay of old events must not write to
 * customers. Longer than WhatsApp's 24-hour window, so a late one needs the away template.
 */
export const AUTO_REPLY_MAX_AGE_MS = 48 * 60 * 60_000;

/** What the process manager reacts to: a customer's message, with the org's settings and the moment it is read. */
export interface AutoReplyTrigger {
  event: InboundMessageReceived;
  /** The org's settings as they are now; none when it never chose (both replies off). */
  settings: AutoReplySettings | undefined;
  /** Whether this is the first message the conversation ever had (read from the stream by the shell). */
  firstMessage: boolean;
  now: Date;
}

/** What the shell's ledger says was issued: an issued command is never issued again. */
export interface AutoReplyState {
  issued: ReadonlySet<string>;
  /**
   * Each conversation's latest away reply: the `receivedAt` of the message it answered (its
   * `requestedAt`). A second away reply in the same off-hours stretch is judged from it.
   */
  lastAway: ReadonlyMap<string, string>;
}

export const initialAutoReplyState: AutoReplyState = { issued: new Set(), lastAway: new Map() };

/**
 * Decides the automatic replies to one customer message (docs/decisions/026): a greeting for the
 * conversation's very first message (unless the away message answers it and the org asked for it
 * alone), an away message for a message outside the working hours, once per conversation and
 * off-hours period. Pure: the time, the settings and what was issued are
 * passed in. Hours are judged at the message's `receivedAt`, not when it is read, so a replay
 * decides as the first reading did; each command's id and `requestedAt` derive from the trigger.
 *
 * Once per period holds even when the settings changed within it (the period's start, and so the
 * away command's id, moves with them): no away reply goes to a conversation whose last one
 * answered a message received since the working day before this period began. A working day has
 * to begin between two away replies to one customer.
 */
export function decideAutoReplies(trigger: AutoReplyTrigger, state: AutoReplyState): SendReply[] {
  const { event, settings, now } = trigger;
  if (!settings) return [];
  const receivedAt = new Date(event.receivedAt);
  if (now.getTime() - receivedAt.getTime() > AUTO_REPLY_MAX_AGE_MS) return [];
  // The window runs from the customer's last message, which is this one or a later one: if it is
  // open from this message, it is open.
  const windowOpen = replyWindowOf(receivedAt, now).open;
  const commands: SendReply[] = [];
  // Whether the away message answers this message: judged from the trigger alone, not from what
  // was issued, so a replay (its away reply already in the ledger) decides the greeting the same.
  const at = settings.away.enabled ? hoursAt(settings.hours, settings.timeZone, receivedAt) : undefined;
  const awayAnswers = at?.kind === "off";

  if (
    settings.greeting.enabled &&
    trigger.firstMessage &&
    windowOpen &&
    !(settings.greeting.skipWhenAway && awayAnswers)
  ) {
    commands.push(autoReply(event, "greeting", event.conversationId, { text: settings.greeting.text }));
  }
  if (at?.kind === "off" && !awayAlreadyAnswered(state, event.conversationId, at.dayStart)) {
    const period = at.periodStart ? at.periodStart.toISOString() : "no-hours";
    const key = `${event.conversationId}:${period}`;
    if (windowOpen) commands.push(autoReply(event, "away", key, { text: settings.away.text }));
    else if (settings.away.template) {
      const { contentSid, variables, text } = settings.away.template;
      commands.push(autoReply(event, "away", key, { text, template: { contentSid, variables } }));
    }
  }
  return commands.filter((command) => !state.issued.has(command.commandId));
}

/**
 * Whether the conversation already had an away reply in this off-hours stretch, whatever the
 * settings were then: its last one answered a message received since `dayStart`, when the working
 * day before this period began (by the settings now). Without any working day (`dayStart` null),
 * the whole past is one stretch.
 */
function awayAlreadyAnswered(state: AutoReplyState, conversationId: string, dayStart: Date | null): boolean {
  const last = state.lastAway.get(conversationId);
  if (last === undefined) return false;
  return dayStart === null || Date.parse(last) >= dayStart.getTime();
}

export function evolveAutoReplies(state: AutoReplyState, issued: SendReply): AutoReplyState {
  const lastAway = new Map(state.lastAway);
  const previous = lastAway.get(issued.conversationId);
  if (
    issued.requestedBy === AUTO_REPLY_REQUESTERS.away &&
    (previous === undefined || Date.parse(previous) < Date.parse(issued.requestedAt))
  )
    lastAway.set(issued.conversationId, issued.requestedAt);
  return { issued: new Set([...state.issued, issued.commandId]), lastAway };
}

function autoReply(
  event: InboundMessageReceived,
  kind: AutoReplyKind,
  triggerKey: string,
  content: { text: string; template?: TemplateSend },
): SendReply {
  return {
    type: "SendReply",
    version: 1,
    commandId: autoReplyCommandIdFor(event.orgId, kind, triggerKey),
    orgId: event.orgId,
    conversationId: event.conversationId,
    text: content.text,
    ...(content.template ? { template: content.template } : {}),
    requestedBy: AUTO_REPLY_REQUESTERS[kind],
    // From the trigger, so a command issued again is the same bytes, and the outbound's look for
    // the command's outcome starts before the reply it already sent.
    requestedAt: event.receivedAt,
  };
}

/** The automatic replies as a decider: triggers in, SendReply commands out, the ledger as its state. */
export const autoReplyDecider: Decider<AutoReplyTrigger, AutoReplyState, SendReply, SendReply[]> = {
  decide: decideAutoReplies,
  evolve: evolveAutoReplies,
  initialState: initialAutoReplyState,
};
