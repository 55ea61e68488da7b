/** WhatsApp lets a business answer freely for 24 hours after the customer's last message. */
export const REPLY_WINDOW_MS = 24 * 3600 * 1000;

export type ReplyWindow = { open: true; closesAt: Date; msLeft: number } | { open: false; closedAt: Date | null };

export function replyWindowOf(lastInboundAt: Date | string | null, now: Date): ReplyWindow {
  if (lastInboundAt === null) return { open: false, closedAt: null };
  const closesAt = new Date(new Date(lastInboundAt).getTime() + REPLY_WINDOW_MS);
  const msLeft = closesAt.getTime() - now.getTime();
  return msLeft > 0 ? { open: true, closesAt, msLeft } : { open: false, closedAt: closesAt };
}
