/**
 * Whether a conversation is muted at `at`: muted with no end ("Always"), or with an end still to
 * come (8 hours, a week). A mute that has ended leaves `muted` set in the row; no clock runs in the
 * projection, so every reader asks this, or the same in SQL (read-model's new-message alerts).
 */
export function mutedAt(conversation: { muted: boolean; mutedUntil: Date | string | null }, at: Date): boolean {
  if (!conversation.muted) return false;
  return conversation.mutedUntil === null || new Date(conversation.mutedUntil).getTime() > at.getTime();
}
