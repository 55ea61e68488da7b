/** The automatic replies (docs/decisions/026), as the JSON API names them. */
export const AUTO_REPLY_KINDS = ["away", "greeting"] as const;
export type AutoReplyKind = (typeof AUTO_REPLY_KINDS)[number];

/**
 * Who an automatic reply's SendReply says requested it (`requestedBy`, kept in the read model's
 * `message.requested_by`), so the inbox can tell it from a typed one. No zod here: the browser
 * imports this file alone (`@cloudpa/contracts/auto-reply-kind`) to mark those messages.
 */
export const AUTO_REPLY_REQUESTERS = {
  away: "auto-reply:away",
  greeting: "auto-reply:greeting",
} as const satisfies Record<AutoReplyKind, string>;

/** Which automatic reply a message's `requestedBy` names; null for a reply someone sent. */
export function autoReplyKindOf(requestedBy: string | null | undefined): AutoReplyKind | null {
  return AUTO_REPLY_KINDS.find((kind) => AUTO_REPLY_REQUESTERS[kind] === requestedBy) ?? null;
}
