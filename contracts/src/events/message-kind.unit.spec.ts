import { describe, expect, it } from "vitest";
import type { InboundMessageReceived } from "./inbound-message-received.js";
import { inboundKindOf } from "./message-kind.js";

const base: InboundMessageReceived = {
  type: "InboundMessageReceived",
  version: 1,
  eventId: "00000000-0000-4000-8000-000000000001",
  orgId: "00000000-0000-4000-8000-000000000002",
  occurredAt: "2026-12-02T10:00:00.000Z",
  channelId: "00000000-0000-4000-8000-000000000003",
  conversationId: "00000000-0000-4000-8000-000000000004",
  messageSid: `SM${"a".repeat(32)}`,
  accountSid: `AC${"b".repeat(32)}`,
  from: "whatsapp:+447700900123",
  to: "whatsapp:+14155238886",
  body: "",
  media: [],
  receivedAt: "2026-12-02T10:00:00.000Z",
  extraParams: {},
};
const target = `SM${"c".repeat(32)}`;

describe("inboundKindOf", () => {
  it.each<[string, Partial<InboundMessageReceived>, ReturnType<typeof inboundKindOf>]>([
    ["text", { body: "hi", messageType: "text" }, { kind: "text", details: null }],
    ["text of an event from before MessageType", { body: "hi" }, { kind: "text", details: null }],
    [
      "media",
      { media: [{ url: "https://api.twilio.com/x", contentType: "image/jpeg" }], messageType: "image" },
      { kind: "media", details: null },
    ],
    [
      "sticker",
      { media: [{ url: "https://api.twilio.com/x", contentType: "image/webp" }], messageType: "sticker" },
      { kind: "media", details: { sticker: true } },
    ],
    [
      "location",
      { messageType: "location", location: { latitude: 1.5, longitude: -2, label: "Shop" } },
      { kind: "location", details: { location: { latitude: 1.5, longitude: -2, label: "Shop" } } },
    ],
    [
      "contacts",
      {
        messageType: "contacts",
        media: [
          { url: "https://api.twilio.com/a", contentType: "image/jpeg" },
          { url: "https://api.twilio.com/b", contentType: "text/vcard" },
        ],
      },
      { kind: "contacts", details: { contacts: { mediaIndexes: [1] } } },
    ],
    [
      "contacts of an event without MessageType",
      { media: [{ url: "https://api.twilio.com/b", contentType: "text/x-vcard; charset=utf-8" }] },
      { kind: "contacts", details: { contacts: { mediaIndexes: [0] } } },
    ],
    [
      "button reply",
      { messageType: "button", body: "Yes", button: { text: "Yes", payload: "yes" } },
      { kind: "interactive", details: { interactive: { type: "button", text: "Yes", payload: "yes" } } },
    ],
    [
      "list reply",
      { messageType: "interactive", listReply: { id: "r1", title: "Row 1", description: "first" } },
      {
        kind: "interactive",
        details: { interactive: { type: "list", text: "Row 1", payload: "r1", description: "first" } },
      },
    ],
    [
      "reaction",
      { messageType: "reaction", body: "❤️", repliedToMessageSid: target },
      { kind: "reaction", details: { reaction: { emoji: "❤️" } } },
    ],
    [
      "unknown MessageType",
      { messageType: "order", body: "" },
      { kind: "unsupported", details: { unsupported: { type: "order" } } },
    ],
    [
      "unknown MessageType with a body",
      { messageType: "poll", body: "Which day?" },
      { kind: "unsupported", details: { unsupported: { type: "poll" } } },
    ],
    ["nothing at all", {}, { kind: "unsupported", details: { unsupported: { type: "unknown" } } }],
  ])("classifies %s", (_name, fields, expected) => {
    expect(inboundKindOf({ ...base, ...fields })).toEqual(expected);
  });
});
