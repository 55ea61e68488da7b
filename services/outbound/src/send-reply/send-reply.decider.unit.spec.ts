import {
  type CloudpaEvent,
  channelIdFor,
  conversationIdFor,
  eventIdFor,
  type InboundMessageReceived,
  type ReplyFailureReason,
  type SendReply,
} from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import {
  type ChannelView,
  eventsOfDecision,
  type LookupResult,
  type OutboundEvent,
  type OutboundMessage,
  resolveLostAttempt,
  type SendReplyDecision,
  sendReplyDecider,
  settle,
  type TwilioAnswer,
} from "./send-reply.decider.js";

const ORG = "0b6a4f0e-8f3d-4c4e-9a51-000000000001";
const OTHER_ORG = "0b6a4f0e-8f3d-4c4e-9a51-000000000002";
const NUMBER = "whatsapp:+14155238886";
const CUSTOMER = "whatsapp:+15551234567";
const CHANNEL_ID = channelIdFor(ORG, NUMBER);
const CONVERSATION_ID = conversationIdFor(CHANNEL_ID, CUSTOMER);
const COMMAND_ID = "7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const SID = `SM${"ab".repeat(16)}`;
const NOW = new Date("2026-11-20T12:00:00.000Z");
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3600_000).toISOString();

const activeChannel: ChannelView = { channelId: CHANNEL_ID, orgId: ORG, number: NUMBER, isActive: true };

function inboundAt(receivedAt: string, from = CUSTOMER): InboundMessageReceived {
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
    from,
    to: NUMBER,
    body: "is the flat still free?",
    media: [],
    receivedAt,
    extraParams: {},
  };
}

const sendReply: SendReply = {
  type: "SendReply",
  version: 1,
  commandId: COMMAND_ID,
  orgId: ORG,
  conversationId: CONVERSATION_ID,
  text: "Yes, it is. Viewing on Friday?",
  requestedBy: "user:ana",
  requestedAt: NOW.toISOString(),
};

const expectedMessage: OutboundMessage = { channelId: CHANNEL_ID, from: NUMBER, to: CUSTOMER, body: sendReply.text };

const specified = specification(sendReplyDecider, eventsOfDecision);

/** Specification style: given the conversation's events, when a command arrives, then … */
function given(events: CloudpaEvent[], registry: { channel: ChannelView | undefined } = { channel: activeChannel }) {
  const { channel } = registry;
  const history = specified.given(events);
  const when = (command: SendReply, now = NOW) => {
    const decision: SendReplyDecision = history.when({ command, now, channel }).decision;
    return {
      decision,
      // biome-ignore lint/suspicious/noThenProperty: specifications read given/when/then; this object is never awaited
      then(expected: OutboundEvent[]) {
        expect(decision).toEqual({ kind: "append", events: expected });
      },
      thenRejects(reason: ReplyFailureReason) {
        expect(decision.kind).toBe("append");
        if (decision.kind !== "append") return;
        expect(decision.events).toHaveLength(1);
        expect(decision.events[0]).toMatchObject({ type: "ReplyFailed", reason, commandId: command.commandId });
      },
      thenSends(message: OutboundMessage) {
        expect(decision).toEqual({ kind: "send", message });
      },
      thenNothing() {
        expect(decision).toEqual({ kind: "settled" });
      },
    };
  };
  return { when };
}

describe("deciding a SendReply", () => {
  it("sends from the channel number to the customer while the last inbound message is under 24 hours old", () => {
    given([inboundAt(hoursBefore(23.9))])
      .when(sendReply)
      .thenSends(expectedMessage);
  });

  it("answers the customer of the latest inbound message, whatever order the events were read in", () => {
    given([inboundAt(hoursBefore(1)), inboundAt(hoursBefore(30))])
      .when(sendReply)
      .thenSends(expectedMessage);
  });

  it("fails with window_closed, calling nothing, when the last inbound message is 24 hours old", () => {
    given([inboundAt(hoursBefore(24))])
      .when(sendReply)
      .then([
        {
          type: "ReplyFailed",
          version: 1,
          eventId: eventIdFor("out", COMMAND_ID),
          orgId: ORG,
          occurredAt: NOW.toISOString(),
          conversationId: CONVERSATION_ID,
          channelId: CHANNEL_ID,
          commandId: COMMAND_ID,
          reason: "window_closed",
          errorMessage: "the customer's last message is more than 24 hours old, so WhatsApp allows only templates",
          body: sendReply.text,
          requestedBy: "user:ana",
          failedAt: NOW.toISOString(),
        },
      ]);
  });

  it("fails with window_closed when the customer never wrote", () => {
    given([]).when(sendReply).thenRejects("window_closed");
  });

  it("fails with channel_inactive when the channel is disconnected", () => {
    given([inboundAt(hoursBefore(1))], { channel: { ...activeChannel, isActive: false } })
      .when(sendReply)
      .thenRejects("channel_inactive");
  });

  it("fails with channel_unknown when the registry has no such channel", () => {
    given([inboundAt(hoursBefore(1))], { channel: undefined })
      .when(sendReply)
      .thenRejects("channel_unknown");
  });

  it("fails with channel_unknown when the channel belongs to another org", () => {
    given([inboundAt(hoursBefore(1))], { channel: { ...activeChannel, orgId: OTHER_ORG } })
      .when(sendReply)
      .thenRejects("channel_unknown");
  });

  it("does nothing for a command that already has an outcome", () => {
    const [sent] = expectAppend(
      settle(sendReply, expectedMessage, { kind: "accepted", messageSid: SID, status: "queued" }, meta(1)),
    );
    given([inboundAt(hoursBefore(1)), sent as OutboundEvent])
      .when(sendReply)
      .thenNothing();
  });

  it("decides the same outcome event id however often the command is decided", () => {
    const first = given([inboundAt(hoursBefore(30))]).when(sendReply).decision;
    const second = given([inboundAt(hoursBefore(30))]).when(sendReply, new Date(NOW.getTime() + 5000)).decision;
    expect(first.kind === "append" && first.events[0]?.eventId).toBe(
      second.kind === "append" && second.events[0]?.eventId,
    );
  });
});

function meta(deliveries: number, maxDeliveries = 5) {
  return { now: NOW, deliveries, maxDeliveries };
}

function expectAppend(decision: ReturnType<typeof settle>): OutboundEvent[] {
  if (decision.kind !== "append") throw new Error(`expected an append, got ${decision.kind}`);
  return decision.events;
}

describe("settling Twilio's answer", () => {
  const answered = (answer: TwilioAnswer, deliveries = 1) =>
    settle(sendReply, expectedMessage, answer, meta(deliveries));

  it("records ReplySent with Twilio's MessageSid and status when Twilio accepts", () => {
    expect(expectAppend(answered({ kind: "accepted", messageSid: SID, status: "queued" }))).toEqual([
      {
        type: "ReplySent",
        version: 1,
        eventId: eventIdFor("out", COMMAND_ID),
        orgId: ORG,
        occurredAt: NOW.toISOString(),
        channelId: CHANNEL_ID,
        conversationId: CONVERSATION_ID,
        commandId: COMMAND_ID,
        messageSid: SID,
        status: "queued",
        from: NUMBER,
        to: CUSTOMER,
        body: sendReply.text,
        requestedBy: "user:ana",
        sentAt: NOW.toISOString(),
      },
    ]);
  });

  it("records ReplyFailed twilio_error with Twilio's code and message when Twilio refuses", () => {
    const [failed] = expectAppend(answered({ kind: "refused", code: "63016", message: "outside the window" }));
    expect(failed).toMatchObject({
      type: "ReplyFailed",
      reason: "twilio_error",
      errorCode: "63016",
      errorMessage: "outside the window",
      channelId: CHANNEL_ID,
    });
  });

  it("retries when Twilio is unavailable and deliveries remain, and always after a timeout (the next delivery looks it up)", () => {
    expect(answered({ kind: "unavailable", message: "429 Too Many Requests" }, 4)).toEqual({
      kind: "retry",
      reason: "429 Too Many Requests",
    });
    expect(answered({ kind: "in_doubt", message: "timeout" }, 5).kind).toBe("retry");
  });

  it("records ReplyFailed retries_exhausted on the last delivery", () => {
    const [failed] = expectAppend(answered({ kind: "unavailable", message: "503" }, 5));
    expect(failed).toMatchObject({ type: "ReplyFailed", reason: "retries_exhausted" });
  });
});

describe("resolving an attempt whose outcome was lost", () => {
  const resolve = (lookup: LookupResult, phase: "sending" | "in_doubt", deliveries = 2) =>
    resolveLostAttempt(sendReply, expectedMessage, lookup, { ...meta(deliveries), phase });

  it("records ReplySent when Twilio has the message", () => {
    expect(resolve({ kind: "found", messageSid: SID, status: "delivered" }, "sending")).toEqual({
      kind: "append",
      events: [
        expect.objectContaining({ type: "ReplySent", messageSid: SID, status: "delivered", commandId: COMMAND_ID }),
      ],
    });
  });

  it("records ReplyFailed outcome_unknown, never a second send, when a crashed call left no message at Twilio", () => {
    expect(resolve({ kind: "not_found" }, "sending")).toEqual({
      kind: "append",
      events: [expect.objectContaining({ type: "ReplyFailed", reason: "outcome_unknown", commandId: COMMAND_ID })],
    });
  });

  it("asks Twilio again later when the lookup fails, and reports outcome_unknown past the bound", () => {
    expect(resolve({ kind: "failed", message: "Twilio answered 503" }, "sending", 2)).toEqual({
      kind: "retry",
      reason: "Twilio answered 503",
    });
    expect(resolve({ kind: "failed", message: "Twilio answered 503" }, "in_doubt", 5)).toEqual({
      kind: "append",
      events: [expect.objectContaining({ type: "ReplyFailed", reason: "outcome_unknown" })],
    });
  });

  it("sends again after a timeout when Twilio has no such message, until the bound", () => {
    expect(resolve({ kind: "not_found" }, "in_doubt", 3)).toEqual({ kind: "send_again" });
    expect(resolve({ kind: "not_found" }, "in_doubt", 6)).toEqual({
      kind: "append",
      events: [expect.objectContaining({ type: "ReplyFailed", reason: "retries_exhausted" })],
    });
  });
});
