import {
  type CloudpaEvent,
  channelIdFor,
  conversationIdFor,
  eventIdFor,
  type InboundMessageReceived,
  renderTemplate,
  type SendReply,
} from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import {
  type ChannelView,
  channelNumberOf,
  eventsOfDecision,
  initialConversationState,
  type OutboundMessage,
  type SendReplyDecision,
  sendReplyDecider,
  settle,
} from "./send-reply.decider.js";

const ORG = "0b6a4f0e-8f3d-4c4e-9a51-000000000001";
const NUMBER = "whatsapp:+14155238886";
const CUSTOMER = "whatsapp:+15551234567";
const CHANNEL_ID = channelIdFor(ORG, NUMBER);
const CONVERSATION_ID = conversationIdFor(CHANNEL_ID, CUSTOMER);
const NOW = new Date("2026-11-20T12:00:00.000Z");
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3600_000).toISOString();
const channel: ChannelView = { channelId: CHANNEL_ID, orgId: ORG, number: NUMBER, isActive: true };
const TEMPLATE_BODY = "Hi {{1}}, your appointment is on {{2}}.";
const template = { contentSid: `HX${"c0".repeat(16)}`, variables: { "1": "Ada", "2": "Friday" } };

function inboundAt(receivedAt: string): InboundMessageReceived {
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: eventIdFor("in", receivedAt),
    orgId: ORG,
    occurredAt: receivedAt,
    channelId: CHANNEL_ID,
    conversationId: CONVERSATION_ID,
    messageSid: `SM${"12".repeat(16)}`,
    accountSid: `AC${"34".repeat(16)}`,
    from: CUSTOMER,
    to: NUMBER,
    body: "hello",
    media: [],
    receivedAt,
    extraParams: {},
  };
}

const command = (overrides: Partial<SendReply> = {}): SendReply => ({
  type: "SendReply",
  version: 1,
  commandId: "7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
  orgId: ORG,
  conversationId: CONVERSATION_ID,
  text: renderTemplate(TEMPLATE_BODY, template.variables),
  template,
  requestedBy: "user:ana",
  requestedAt: NOW.toISOString(),
  ...overrides,
});

const specified = specification(sendReplyDecider, eventsOfDecision);
function decided(events: CloudpaEvent[], sent: SendReply, view: ChannelView | undefined = channel): SendReplyDecision {
  return specified.given(events).when({ command: sent, now: NOW, channel: view }).decision;
}

const templateMessage: OutboundMessage = {
  channelId: CHANNEL_ID,
  from: NUMBER,
  to: CUSTOMER,
  body: "Hi Ada, your appointment is on Friday.",
  template,
};

describe("deciding a template SendReply", () => {
  it("sends a template when the 24-hour window is closed, with its sid, variables and rendered text", () => {
    expect(decided([inboundAt(hoursBefore(30))], command())).toEqual({ kind: "send", message: templateMessage });
  });

  it("sends a template inside the window too", () => {
    expect(decided([inboundAt(hoursBefore(1))], command())).toEqual({ kind: "send", message: templateMessage });
  });

  it("still refuses free text to the closed window", () => {
    const text = command({ template: undefined, text: "are you there?" });
    const decision = decided([inboundAt(hoursBefore(30))], text);
    expect(decision).toMatchObject({ kind: "append", events: [{ type: "ReplyFailed", reason: "window_closed" }] });
  });

  it("starts a conversation with a customer who never wrote, from the command's recipient", () => {
    const first = command({ recipient: { channelId: CHANNEL_ID, from: NUMBER, to: CUSTOMER } });
    expect(channelNumberOf(first, initialConversationState)).toBe(NUMBER);
    expect(decided([], first)).toEqual({ kind: "send", message: templateMessage });
  });

  it("refuses a recipient whose conversation id is another conversation's", () => {
    const first = command({ recipient: { channelId: CHANNEL_ID, from: NUMBER, to: "whatsapp:+15550000000" } });
    expect(decided([], first)).toMatchObject({
      kind: "append",
      events: [{ type: "ReplyFailed", reason: "channel_unknown" }],
    });
  });

  it("refuses a first template on a disconnected number with its channel and customer, so its conversation is made", () => {
    const first = command({ recipient: { channelId: CHANNEL_ID, from: NUMBER, to: CUSTOMER } });
    expect(decided([], first, { ...channel, isActive: false })).toMatchObject({
      kind: "append",
      events: [
        {
          type: "ReplyFailed",
          reason: "channel_inactive",
          conversationId: CONVERSATION_ID,
          channelId: CHANNEL_ID,
          from: NUMBER,
          to: CUSTOMER,
          template,
        },
      ],
    });
  });

  it("refuses a first template without a recipient, and free text to a new number", () => {
    expect(decided([], command())).toMatchObject({ events: [{ reason: "window_closed" }] });
    const text = command({ template: undefined, recipient: { channelId: CHANNEL_ID, from: NUMBER, to: CUSTOMER } });
    expect(decided([], text)).toMatchObject({ events: [{ reason: "window_closed" }] });
  });

  it("records ReplySent with the template and the rendered text, and a started conversation's next template needs no recipient", () => {
    const first = command({ recipient: { channelId: CHANNEL_ID, from: NUMBER, to: CUSTOMER } });
    const settled = settle(
      first,
      templateMessage,
      { kind: "accepted", messageSid: `SM${"ab".repeat(16)}`, status: "queued" },
      { now: NOW, deliveries: 1, maxDeliveries: 5 },
    );
    expect(settled).toMatchObject({
      kind: "append",
      events: [{ type: "ReplySent", template, body: "Hi Ada, your appointment is on Friday.", to: CUSTOMER }],
    });
    const sent = settled.kind === "append" ? settled.events : [];
    const next = command({ commandId: "8f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" });
    expect(decided(sent, next)).toEqual({ kind: "send", message: templateMessage });
  });

  it("records a refused first template with its channel and customer, so the inbox can show its conversation", () => {
    const first = command({ recipient: { channelId: CHANNEL_ID, from: NUMBER, to: CUSTOMER } });
    const settled = settle(
      first,
      templateMessage,
      { kind: "refused", code: "63016", message: "outside the allowed window" },
      { now: NOW, deliveries: 1, maxDeliveries: 5 },
    );
    expect(settled).toMatchObject({
      kind: "append",
      events: [
        {
          type: "ReplyFailed",
          reason: "twilio_error",
          channelId: CHANNEL_ID,
          from: NUMBER,
          to: CUSTOMER,
          template,
          body: "Hi Ada, your appointment is on Friday.",
        },
      ],
    });
  });

  it("records the template on every failure, refused before Twilio or after, and none on free text", () => {
    const inactive = decided([inboundAt(hoursBefore(1))], command(), { ...channel, isActive: false });
    expect(eventsOfDecision(inactive)).toEqual([expect.objectContaining({ reason: "channel_inactive", template })]);
    const exhausted = settle(
      command(),
      templateMessage,
      { kind: "unavailable", message: "503" },
      { now: NOW, deliveries: 5, maxDeliveries: 5 },
    );
    expect(exhausted).toMatchObject({ events: [{ reason: "retries_exhausted", template }] });
    const text = decided([inboundAt(hoursBefore(30))], command({ template: undefined, text: "are you there?" }));
    expect(eventsOfDecision(text)[0]).not.toHaveProperty("template");
  });
});
