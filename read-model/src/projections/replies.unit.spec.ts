import { contactIdFor } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider, rejectionsOf } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);

const f = eventFactory();

describe("ReplySent", () => {
  it("adds an outbound message (id = commandId) as the conversation's last, leaving unread alone", () => {
    const reply = f.replySent(1, 7, 20);
    const model = when(f.inbound(1, 7, 10), reply);
    expect(rowsOf(model.state.messages).find((m) => m.direction === "outbound")).toEqual({
      id: reply.commandId,
      orgId: f.orgId,
      conversationId: f.conversationOf(7),
      direction: "outbound",
      providerSid: reply.messageSid,
      commandId: reply.commandId,
      body: "reply 1",
      media: [],
      kind: "text",
      details: null,
      replyToSid: null,
      reaction: null,
      status: "queued",
      errorCode: null,
      errorMessage: null,
      failureReason: null,
      requestedBy: "user-1",
      sentAt: new Date(f.at(20)),
      statusAt: null,
    });
    expect(rowsOf(model.state.conversations)[0]).toMatchObject({
      lastMessageId: reply.commandId,
      lastMessagePreview: "reply 1",
      lastMessageDirection: "outbound",
      lastMessageStatus: "queued",
      lastMessageAt: new Date(f.at(20)),
      lastInboundAt: new Date(f.at(10)),
      unreadCount: 1,
    });
  });

  it("creates the contact and conversation when the reply is the first message", () => {
    const model = when(f.replySent(1, 9, 5));
    expect(rowsOf(model.state.contacts)).toEqual([
      expect.objectContaining({ id: contactIdFor(f.orgId, f.customer(9)), profileName: null }),
    ]);
    expect(rowsOf(model.state.conversations)[0]).toMatchObject({
      unreadCount: 0,
      lastInboundAt: null,
      contactDisplayName: f.customer(9),
    });
  });

  it("stores a template reply as kind template with its sid and variables; one without stays text", () => {
    const template = { contentSid: `HX${"ab".repeat(16)}`, variables: { "1": "Ada" } };
    const model = when(f.replySent(1, 7, 5, { body: "Hello Ada", template }), f.replySent(2, 7, 6));
    const [sent, plain] = rowsOf(model.state.messages);
    expect(sent).toMatchObject({ kind: "template", details: { template }, body: "Hello Ada" });
    expect(plain).toMatchObject({ kind: "text", details: null });
  });

  it("changes nothing when the same command is reported again", () => {
    const model = when(f.replySent(1, 7, 5), f.replySent(1, 7, 5));
    expect(model.decisions[1]).toEqual({ changes: [] });
  });
});

describe("ReplyFailed", () => {
  it("adds a failed outbound message with its reason, shown last so the inbox offers Retry", () => {
    const failure = f.replyFailed(2, 7, 30, { reason: "twilio_error", errorCode: "21211", errorMessage: "bad number" });
    const model = when(f.inbound(1, 7, 10), failure);
    expect(rowsOf(model.state.messages).find((m) => m.direction === "outbound")).toMatchObject({
      id: failure.commandId,
      providerSid: null,
      status: "failed",
      failureReason: "twilio_error",
      errorCode: "21211",
      errorMessage: "bad number",
      sentAt: new Date(f.at(30)),
    });
    expect(rowsOf(model.state.conversations)[0]).toMatchObject({
      lastMessageStatus: "failed",
      lastMessageDirection: "outbound",
      lastMessagePreview: "reply 2",
    });
  });
});

describe("A template reply that failed", () => {
  const template = { contentSid: `HX${"ab".repeat(16)}`, variables: { "1": "Ada" } };
  const refusal = { reason: "twilio_error", errorCode: "63016", errorMessage: "refused" } as const;

  it("is kept as the template the freelancer tried to send, with its failure, as a sent one is", () => {
    const failure = f.replyFailed(2, 7, 30, { ...refusal, body: "Hello Ada", template });
    const model = when(f.inbound(1, 7, 10), failure);
    expect(rowsOf(model.state.messages).find((m) => m.direction === "outbound")).toMatchObject({
      id: failure.commandId,
      kind: "template",
      details: { template },
      body: "Hello Ada",
      status: "failed",
      failureReason: "twilio_error",
      errorCode: "63016",
      errorMessage: "refused",
    });
  });

  it("is the same row, save its outcome, as the template sent and then failed by its status callback", () => {
    const failed = when(f.inbound(1, 7, 10), f.replyFailed(2, 7, 30, { ...refusal, body: "Hello Ada", template }));
    const sent = when(
      f.inbound(1, 7, 10),
      f.replySent(2, 7, 30, { body: "Hello Ada", template }),
      f.status(f.sid("SM", 1_000_002), 7, "failed", 31, { errorCode: "63016" }),
    );
    const pick = ({
      kind,
      details,
      body,
      status,
    }: {
      kind: string;
      details: unknown;
      body: string;
      status: string;
    }) => ({
      kind,
      details,
      body,
      status,
    });
    const [failedRow] = rowsOf(failed.state.messages).filter((m) => m.direction === "outbound");
    const [sentRow] = rowsOf(sent.state.messages).filter((m) => m.direction === "outbound");
    expect(failedRow && pick(failedRow)).toEqual(sentRow && pick(sentRow));
  });

  it("stays text when the failure is from before failures carried their template", () => {
    const model = when(f.replyFailed(2, 7, 30, { ...refusal, body: "Hello Ada" }));
    expect(rowsOf(model.state.messages)[0]).toMatchObject({ kind: "text", details: null });
  });
});

describe("ReplyFailed for a conversation the freelancer started", () => {
  const refusal = { reason: "twilio_error", errorCode: "63016", errorMessage: "refused" } as const;

  it("creates the contact and conversation when the refused reply names its customer and channel", () => {
    const failure = f.replyFailed(1, 9, 5, { ...refusal, from: f.channelNumber, to: f.customer(9) });
    const model = when(failure);
    expect(rowsOf(model.state.contacts)).toEqual([
      expect.objectContaining({ id: contactIdFor(f.orgId, f.customer(9)), handle: f.customer(9) }),
    ]);
    expect(rowsOf(model.state.conversations)).toEqual([
      expect.objectContaining({
        id: f.conversationOf(9),
        chatAccountId: f.channelId,
        contactHandle: f.customer(9),
        lastMessageId: failure.commandId,
        lastMessageStatus: "failed",
        unreadCount: 0,
        lastInboundAt: null,
      }),
    ]);
    expect(rowsOf(model.state.messages)[0]).toMatchObject({ id: failure.commandId, status: "failed" });
  });

  it("makes the same rows as a sent first reply would, save the message's outcome", () => {
    const failed = when(f.replyFailed(1, 9, 5, { ...refusal, from: f.channelNumber, to: f.customer(9) }));
    const sent = when(f.replySent(1, 9, 5));
    expect(rowsOf(failed.state.contacts)).toEqual(rowsOf(sent.state.contacts));
    const { lastMessageStatus: _a, ...failedConversation } = rowsOf(failed.state.conversations)[0] ?? {};
    const { lastMessageStatus: _b, ...sentConversation } = rowsOf(sent.state.conversations)[0] ?? {};
    expect(failedConversation).toEqual(sentConversation);
  });

  it("still writes only the message, with no conversation, for a failure without recipient (older events)", () => {
    const model = when(f.replyFailed(1, 9, 5, refusal));
    expect(rowsOf(model.state.conversations)).toEqual([]);
    expect(rowsOf(model.state.contacts)).toEqual([]);
    expect(rowsOf(model.state.messages)).toHaveLength(1);
  });

  it("rejects a failure naming a conversation of another customer", () => {
    const model = when(
      f.inbound(1, 7, 1),
      f.replyFailed(2, 7, 5, { ...refusal, from: f.channelNumber, to: f.customer(9) }),
    );
    expect(rejectionsOf(model.decisions)).toEqual([
      expect.objectContaining({ code: "PROJECTION.CONVERSATION_CONFLICT" }),
    ]);
  });
});

describe("ConversationRead", () => {
  it("sets unread to 0, and later inbound messages count again", () => {
    const model = when(f.inbound(1, 7, 1), f.inbound(2, 7, 2), f.read(7, 3), f.inbound(3, 7, 4));
    expect(rowsOf(model.state.conversations)[0]?.unreadCount).toBe(1);
    expect(rowsOf(when(f.inbound(1, 7, 1), f.read(7, 3)).state.conversations)[0]?.unreadCount).toBe(0);
  });

  it("changes nothing for a conversation that does not exist", () => {
    expect(when(f.read(7, 3)).decisions).toEqual([{ changes: [] }]);
  });
});

describe("ChannelConnected / ChannelDisconnected", () => {
  it("mirrors a channel in chat_account, inactive after a disconnect and active again after a reconnect", () => {
    const connected = when(f.connected(1));
    expect(rowsOf(connected.state.chatAccounts)).toEqual([
      {
        id: f.channelId,
        orgId: f.orgId,
        provider: "twilio_whatsapp",
        externalPhoneId: f.channelNumber,
        accountSid: f.sid("AC", 1),
        displayName: "Studio line",
        isActive: true,
        connectedAt: new Date(f.at(1)),
        disconnectedAt: null,
      },
    ]);
    const disconnected = when(f.connected(1), f.disconnected(2));
    expect(rowsOf(disconnected.state.chatAccounts)[0]).toMatchObject({
      isActive: false,
      disconnectedAt: new Date(f.at(2)),
    });
    const again = when(f.connected(1), f.disconnected(2), f.connected(3));
    expect(rowsOf(again.state.chatAccounts)[0]).toMatchObject({
      isActive: true,
      disconnectedAt: null,
      connectedAt: new Date(f.at(3)),
    });
  });

  it("rejects a second channel id for a number the org already connected", () => {
    const model = when(f.connected(1), f.connected(2, { channelId: "0f8fad5b-d9cb-469f-a165-70867728950e" }));
    expect(rejectionsOf(model.decisions)).toEqual([expect.objectContaining({ code: "PROJECTION.CHANNEL_CONFLICT" })]);
    expect(rowsOf(model.state.chatAccounts)).toHaveLength(1);
  });

  it("ignores a disconnect of a channel it never saw", () => {
    expect(when(f.disconnected(2)).decisions).toEqual([{ changes: [] }]);
  });
});
