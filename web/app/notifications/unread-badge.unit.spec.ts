import { describe, expect, it } from "vitest";
import { withUnreadCount } from "#app/components/new-message-alerts";
import { shownUnreadCount, UNREAD_SHOWN_AT_MOST } from "./unread-badge.ts";

// The loader counts the unread conversations up to UNREAD_SHOWN_AT_MOST + 1 (issue 16): the page
// shows every count up to the cap as it is, and the one above it as "99+", never a false number.
describe("the unread count as the title and the favicon show it", () => {
  it("shows a count up to 99 as it is and the loader's cap, 100, as 99+", () => {
    expect(UNREAD_SHOWN_AT_MOST).toBe(99);
    expect(shownUnreadCount(1)).toBe("1");
    expect(shownUnreadCount(99)).toBe("99");
    expect(shownUnreadCount(UNREAD_SHOWN_AT_MOST + 1)).toBe("99+");
  });

  it("puts it in front of the title, and none when nothing is unread", () => {
    expect(withUnreadCount("Inbox · Cloud PA", { unreadConversations: 3 })).toBe("(3) Inbox · Cloud PA");
    expect(withUnreadCount("(3) Inbox · Cloud PA", { unreadConversations: 100 })).toBe("(99+) Inbox · Cloud PA");
    expect(withUnreadCount("(99+) Inbox · Cloud PA", { unreadConversations: 0 })).toBe("Inbox · Cloud PA");
  });
});
