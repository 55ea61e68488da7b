import { autoReplyKindOf } from "@cloudpa/contracts/auto-reply-kind";
import { type KindMessage, quoteTextOf } from "./kind-message.ts";

/**
 * A conversation page's message as the JSON API gives it (messageKindFields): the kind's details
 * as top-level fields, the quoted message, the customer's reaction, and which automatic reply it
 * is (`automatic`); the read model's own columns (details, replyToSid, reaction, requestedBy) are
 * not repeated.
 */
export function apiMessageOf<M extends KindMessage & { requestedBy: string | null }>(message: M) {
  const { details, replyToSid, reaction, replyTo, requestedBy, ...rest } = message;
  return {
    ...rest,
    automatic: autoReplyKindOf(requestedBy),
    ...(details?.location ? { location: details.location } : {}),
    ...(details?.contacts ? { contacts: details.contacts } : {}),
    ...(details?.interactive ? { interactive: details.interactive } : {}),
    ...(details?.reaction && replyToSid ? { reaction: { emoji: details.reaction.emoji, messageSid: replyToSid } } : {}),
    ...(details?.sticker ? { sticker: true } : {}),
    ...(details?.template ? { template: details.template } : {}),
    ...(details?.unsupported ? { unsupported: details.unsupported } : {}),
    replyTo:
      replyToSid && message.kind !== "reaction"
        ? {
            messageSid: replyToSid,
            id: replyTo?.id ?? null,
            direction: replyTo?.direction ?? null,
            kind: replyTo?.kind ?? null,
            text: replyTo ? quoteTextOf(replyTo) : null,
          }
        : null,
    customerReaction: reaction,
  };
}
