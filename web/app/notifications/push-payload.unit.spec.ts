import type { InboundMessageReceived } from "@cloudpa/contracts";
import { inboundMessageIdFor } from "@cloudpa/read-model";
import { describe, expect, it } from "vitest";
import { NO_PREVIEW, pushPayloadOf, pushTopicOf } from "./push-payload.ts";

const event: InboundMessageReceived = {
  type: "InboundMessageReceived",
  version: 1,
  eventId: "0b7c6a43-3c5e-4f0e-9a8d-6b1f2b8b9e11",
  orgId: "5f0c1b7e-8d7a-4d52-9b7e-2a6f3c1d0e99",
  occurredAt: "2026-12-02T18:00:00.000Z",
  channelId: "7a1e2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
  conversationId: "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  messageSid: "SM0123456789abcdef0123456789abcdef",
  accountSid: "AC0123456789abcdef0123456789abcdef",
  from: "whatsapp:+447700900123",
  to: "whatsapp:+14155238886",
  profileName: "Grace Hopper",
  body: "  Can we move   Friday's call?  ",
  media: [],
  receivedAt: "2026-12-02T18:00:00.000Z",
  extraParams: {},
};

describe("the push of a customer's message", () => {
  it("given previews on, when pushed, then it names the customer and shows the message's line", () => {
    expect(pushPayloadOf(event, { preview: true })).toEqual({
      title: "Grace Hopper",
      body: "Can we move Friday's call?",
      url: `/inbox/${event.conversationId}`,
      tag: inboundMessageIdFor(event.orgId, event.messageSid),
    });
  });

  it("given previews off, when pushed, then the sender shows and the message does not", () => {
    const payload = pushPayloadOf(event, { preview: false });
    expect(payload.title).toBe("Grace Hopper");
    expect(payload.body).toBe(NO_PREVIEW);
    expect(JSON.stringify(payload)).not.toContain("Friday");
  });

  it("given no profile name, then the customer's number is the title", () => {
    expect(pushPayloadOf({ ...event, profileName: undefined }, { preview: true }).title).toBe("+447700900123");
  });

  it("given a location, then its kind is the preview", () => {
    const located = { ...event, body: "", location: { latitude: 51.5, longitude: -0.1, label: "The office" } };
    expect(pushPayloadOf(located, { preview: true }).body).toBe("📍 The office");
  });

  it("the topic is the event's: the same for a redelivery, 32 base64url characters", () => {
    expect(pushTopicOf(event.eventId)).toBe(pushTopicOf(event.eventId));
    expect(pushTopicOf(event.eventId)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(pushTopicOf(event.eventId)).not.toBe(pushTopicOf(event.conversationId));
  });
});
