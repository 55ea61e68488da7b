import { randomUUID } from "node:crypto";
import { type ConversationOrganized, isoTimestamp } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { conversationOfOrg } from "./conversation-of-org.server.ts";

/** What the freelancer can do to keep the inbox in order (issue 15), each one event. */
export const ORGANIZE_ACTIONS = [
  "archive",
  "unarchive",
  "snooze",
  "pin",
  "unpin",
  "mark-unread",
  "mute",
  "unmute",
] as const;
export type OrganizeAction = (typeof ORGANIZE_ACTIONS)[number];

const EVENT_TYPE = {
  archive: "ConversationArchived",
  unarchive: "ConversationUnarchived",
  snooze: "ConversationSnoozed",
  pin: "ConversationPinned",
  unpin: "ConversationUnpinned",
  "mark-unread": "ConversationMarkedUnread",
  mute: "ConversationMuted",
  unmute: "ConversationUnmuted",
} as const satisfies Record<OrganizeAction, ConversationOrganized["type"]>;

/** The furthest a snooze, or a mute's end, may reach. */
export const MAX_SNOOZE_DAYS = 366;

/**
 * An end (ISO 8601 with its offset) at most MAX_SNOOZE_DAYS ahead; one already past ends it now. A
 * text that is no time is refused as that alone (the reach is not checked on it).
 */
const endAtMost = (what: string) =>
  isoTimestamp.refine((until) => {
    const at = Date.parse(until);
    return Number.isNaN(at) || at <= Date.now() + MAX_SNOOZE_DAYS * 86_400_000;
  }, `${what} reaches at most ${MAX_SNOOZE_DAYS} days ahead`);

/** A snooze's end: a time already past wakes it now. */
export const snoozeUntilSchema = endAtMost("a snooze");

/** A mute's end (8 hours, a week); a mute without one lasts until unmuted. */
export const muteUntilSchema = endAtMost("a mute");

export type Organize =
  | { action: Exclude<OrganizeAction, "snooze" | "mute"> }
  | { action: "snooze"; until: string }
  | { action: "mute"; until?: string | undefined };

export type OrganizeOutcome = { kind: "not_found" } | { kind: "accepted"; eventId: string };

/**
 * Archives, unarchives, snoozes, pins, unpins, marks unread, mutes or unmutes a conversation of the account's org by
 * appending its event (signed by the web, on the conversation's subject): the projector
 * changes the inbox, so a rebuild keeps it. Another org's conversation is not found.
 */
export async function organizeConversation(
  web: WebContext,
  account: Account,
  conversationId: string,
  organize: Organize,
  now: Date = new Date(),
): Promise<OrganizeOutcome> {
  const conversation = await conversationOfOrg(web, account.orgId, conversationId);
  if (!conversation) return { kind: "not_found" };
  const fields = {
    version: 1 as const,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    conversationId: conversation.id,
    by: account.userId,
    at: now.toISOString(),
  };
  const event: ConversationOrganized =
    organize.action === "snooze"
      ? { type: EVENT_TYPE.snooze, ...fields, until: new Date(organize.until).toISOString() }
      : organize.action === "mute"
        ? {
            type: EVENT_TYPE.mute,
            ...fields,
            ...(organize.until ? { until: new Date(organize.until).toISOString() } : {}),
          }
        : { type: EVENT_TYPE[organize.action], ...fields };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  return { kind: "accepted", eventId: event.eventId };
}

/** A form's or a body's snooze: `until` parsed by the one schema. */
export const snoozeBodySchema = z.strictObject({ until: snoozeUntilSchema });

/** A body's mute: an end, or none (until unmuted). */
export const muteBodySchema = z.strictObject({ until: muteUntilSchema.optional() });
