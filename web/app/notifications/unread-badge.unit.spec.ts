import { describe, expect, it } from "vitest";
import { shownUnreadCount, UNREAD_SHOWN_AT_MOST } from "./unread-badge.ts";

// The loader counts the unread conversations up to UNREAD_SHOWN_AT_MOST + 1 (issue 16): every
// count up to the cap is shown as it is, and the one above it as "99+", never a false number.
describe("the unread count as a badge shows it", () => {
  it("shows a count up to 99 as it is and the loader's cap, 100, as 99+", () => {
    expect(UNREAD_SHOWN_AT_MOST).toBe(99);
    expect(shownUnreadCount(1)).toBe("1");
    expect(shownUnreadCount(99)).toBe("99");
    expect(shownUnreadCount(UNREAD_SHOWN_AT_MOST + 1)).toBe("99+");
  });
});
