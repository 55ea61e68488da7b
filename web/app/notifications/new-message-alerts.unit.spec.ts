import type { LatestCustomerMessage } from "@cloudpa/read-model";
import { describe, expect, it } from "vitest";
import { newMessageAlertsOf } from "./new-message-alerts.server.ts";
import { NO_PREVIEW } from "./push-payload.ts";

const row = (id: string, muted: boolean): LatestCustomerMessage => ({
  id,
  conversation_id: `conversation-${id}`,
  contact_display_name: "Grace Hopper",
  body: `message ${id}`,
  media: [],
  kind: "text",
  details: null,
  muted,
});

describe("an open tab's new-message alerts", () => {
  it("tell each latest customer message, except a muted conversation's, which still counts as unread", () => {
    const alerts = newMessageAlertsOf({ unreadConversations: 2, latest: [row("2", true), row("1", false)] }, true);
    expect(alerts).toEqual({
      unreadConversations: 2,
      latest: [{ id: "1", conversationId: "conversation-1", sender: "Grace Hopper", preview: "message 1" }],
    });
  });

  it("hide the message's text when previews are off", () => {
    expect(newMessageAlertsOf({ unreadConversations: 1, latest: [row("1", false)] }, false).latest[0]?.preview).toBe(
      NO_PREVIEW,
    );
  });
});
