import type { LatestCustomerMessage } from "@cloudpa/read-model";
import { describe, expect, it } from "vitest";
import { newMessageAlertsOf } from "./new-message-alerts.server.ts";
import { NO_PREVIEW } from "./push-payload.ts";

const row = (id: string): LatestCustomerMessage => ({
  id,
  conversation_id: `conversation-${id}`,
  contact_display_name: "Grace Hopper",
  body: `message ${id}`,
  media: [],
  kind: "text",
  details: null,
});

describe("an open tab's new-message alerts", () => {
  it("tell each latest customer message: who wrote, its line and its conversation", () => {
    expect(newMessageAlertsOf({ unreadConversations: 2, latest: [row("2"), row("1")] }, true)).toEqual({
      unreadConversations: 2,
      latest: [
        { id: "2", conversationId: "conversation-2", sender: "Grace Hopper", preview: "message 2" },
        { id: "1", conversationId: "conversation-1", sender: "Grace Hopper", preview: "message 1" },
      ],
    });
  });

  it("hide the message's text when previews are off", () => {
    expect(newMessageAlertsOf({ unreadConversations: 1, latest: [row("1")] }, false).latest[0]?.preview).toBe(
      NO_PREVIEW,
    );
  });
});
