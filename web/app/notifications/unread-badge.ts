/**
 * The most unread conversations the title and the favicon show as a number; more are "99+", as
 * WhatsApp and mail clients show them. The inbox's loader counts one more than this, no further
 * (issue 16), to know which.
 */
export const UNREAD_SHOWN_AT_MOST = 99;

/** "7", or "99+" beyond UNREAD_SHOWN_AT_MOST. */
export function shownUnreadCount(count: number): string {
  return count > UNREAD_SHOWN_AT_MOST ? `${UNREAD_SHOWN_AT_MOST}+` : String(count);
}
