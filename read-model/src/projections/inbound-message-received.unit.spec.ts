import { contactIdFor } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { inboundMessageIdFor } from "./message-ids.js";
import { changesOf, readModelDecider, rejectionsOf } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);

const f = eventFactory();

describe("InboundMessageReceived", () => {
  it("creates the contact, the conversation and the message, with one unread", () => {
    const model = when(f.inbound(1, 7, 10, { media: [{ url: "https://m/1", contentType: "image/jpeg" }] }));
    expect(rowsOf(model.state.contacts)).toEqual([
      {
        id: contactIdFor(f.orgId, f.customer(7)),
        orgId: f.orgId,
        handle: f.customer(7),
        waId: "15550000007",
        profileName: "Customer 7",
        firstSeenAt: new Date(f.at(10)),
        name: null,
        email: null,
        company: null,
        notes: null,
      },
    ]);
    expect(rowsOf(model.state.conversations)).toEqual([
      {
        id: f.conversationOf(7),
        orgId: f.orgId,
        chatAccountId: f.channelId,
        contactId: contactIdFor(f.orgId, f.customer(7)),
        contactHandle: f.customer(7),
        contactDisplayName: "Customer 7",
        lastMessageId: inboundMessageIdFor(f.orgId, f.sid("SM", 1)),
        lastMessageAt: new Date(f.at(10)),
        lastInboundAt: new Date(f.at(10)),
        lastMessagePreview: "message 1",
        lastMessageDirection: "inbound",
        lastMessageStatus: "received",
        unreadCount: 1,
        markedUnread: false,
        muted: false,
        mutedUntil: null,
        status: "open",
        createdAt: new Date(f.at(10)),
        archivedAt: null,
        snoozedUntil: null,
        pinned: false,
        inboxAt: new Date(f.at(10)),
        labelIds: [],
      },
    ]);
    expect(rowsOf(model.state.messages)).toEqual([
      expect.objectContaining({
        id: inboundMessageIdFor(f.orgId, f.sid("SM", 1)),
        conversationId: f.conversationOf(7),
        direction: "inbound",
        providerSid: f.sid("SM", 1),
        body: "message 1",
        media: [{ url: "https://m/1", contentType: "image/jpeg" }],
        status: "received",
        sentAt: new Date(f.at(10)),
      }),
    ]);
  });

  it("touches the conversation on the next message: unread + 1, newest preview, profile name updated", () => {
    const model = when(f.inbound(1, 7, 10), f.inbound(2, 7, 20, { profileName: "Ana", body: "  second\n line  " }));
    expect(rowsOf(model.state.contacts)).toEqual([expect.objectContaining({ profileName: "Ana" })]);
    expect(rowsOf(model.state.conversations)).toEqual([
      expect.objectContaining({
        unreadCount: 2,
        contactDisplayName: "Ana",
        lastMessagePreview: "second line",
        lastMessageAt: new Date(f.at(20)),
        lastInboundAt: new Date(f.at(20)),
        createdAt: new Date(f.at(10)),
      }),
    ]);
    expect(rowsOf(model.state.messages)).toHaveLength(2);
  });

  it("keeps the newer preview when an older message is projected after it", () => {
    const model = when(f.inbound(2, 7, 20), f.inbound(1, 7, 10));
    expect(rowsOf(model.state.conversations)[0]).toMatchObject({
      lastMessagePreview: "message 2",
      lastMessageAt: new Date(f.at(20)),
      lastInboundAt: new Date(f.at(20)),
      unreadCount: 2,
    });
  });

  it("changes nothing when the same MessageSid arrives again (beyond JetStream's duplicate window)", () => {
    const model = when(f.inbound(1, 7, 10), f.inbound(1, 7, 10));
    expect(model.decisions[1]).toEqual({ changes: [] });
    expect(rowsOf(model.state.conversations)[0]?.unreadCount).toBe(1);
  });

  it("shows a media-only message as what it is and keeps the handle when there is no profile name", () => {
    const model = when(
      f.inbound(1, 8, 10, { body: "", profileName: undefined, media: [{ url: "u", contentType: "image/png" }] }),
    );
    expect(rowsOf(model.state.conversations)[0]).toMatchObject({
      lastMessagePreview: "📷 Photo",
      contactDisplayName: f.customer(8),
    });
  });

  it("rejects a MessageSid that already belongs to another conversation", () => {
    const model = when(f.inbound(1, 7, 10), f.inbound(1, 8, 11));
    expect(rejectionsOf(model.decisions)).toEqual([expect.objectContaining({ code: "PROJECTION.SID_CONFLICT" })]);
    expect(rowsOf(model.state.conversations)).toHaveLength(1);
  });

  it("rejects a body Postgres cannot store (NUL), instead of failing the batch", () => {
    const model = when(f.inbound(1, 7, 10, { body: "a\u0000b" }));
    expect(rejectionsOf(model.decisions)).toEqual([expect.objectContaining({ code: "PROJECTION.UNSTORABLE_TEXT" })]);
    expect(rowsOf(model.state.messages)).toEqual([]);
  });
});
