import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { kindFields } from "../testing/kind-fields.js";
import { rowsOf } from "../testing/rows-of.js";
import { inboundMessageIdFor } from "./message-ids.js";
import { changesOf, readModelDecider } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);
const f = eventFactory();
const quoted = f.sid("SM", 1);
const idOf = (n: number) => inboundMessageIdFor(f.orgId, f.sid("SM", n));

/** The message of event `n` and its conversation's preview, once projected after message 1. */
function projected(n: number, k: number) {
  const { state } = when(f.inbound(1, 7, 10), f.inbound(n, 7, 20, kindFields(k, quoted)));
  return {
    message: state.messages.get(idOf(n)),
    preview: rowsOf(state.conversations)[0]?.lastMessagePreview,
  };
}

describe("message kinds (decision 023)", () => {
  it("a location: its place in details, a 📍 preview", () => {
    expect(projected(2, 0)).toEqual({
      message: expect.objectContaining({
        kind: "location",
        details: {
          location: {
            latitude: 51.5033635,
            longitude: -0.1276248,
            address: "10 Downing Street, London",
            label: "Office",
          },
        },
        replyToSid: null,
        reaction: null,
      }),
      preview: "📍 Office",
    });
  });

  it("shared contacts: the vCard media by index, a 👤 preview", () => {
    expect(projected(2, 1)).toEqual({
      message: expect.objectContaining({ kind: "contacts", details: { contacts: { mediaIndexes: [0] } } }),
      preview: "👤 Contact",
    });
  });

  it("a button reply and a list reply are interactive, with what was tapped", () => {
    expect(projected(2, 2)).toEqual({
      message: expect.objectContaining({
        kind: "interactive",
        body: "Yes, book it",
        details: { interactive: { type: "button", text: "Yes, book it", payload: "confirm" } },
      }),
      preview: "🔘 Yes, book it",
    });
    expect(projected(2, 3).message).toEqual(
      expect.objectContaining({
        kind: "interactive",
        details: {
          interactive: { type: "list", text: "Tuesday morning", payload: "slot_tue_am", description: "8:00 to 12:00" },
        },
        replyToSid: quoted,
      }),
    );
  });

  it("a quoted reply is text that names the message it quotes", () => {
    expect(projected(2, 4)).toEqual({
      message: expect.objectContaining({ kind: "text", details: null, replyToSid: quoted, body: "Yes, that one" }),
      preview: "Yes, that one",
    });
  });

  it("a sticker is media marked as a sticker", () => {
    expect(projected(2, 5)).toEqual({
      message: expect.objectContaining({ kind: "media", details: { sticker: true } }),
      preview: "Sticker",
    });
  });

  it("an unknown MessageType is unsupported, with its type, never an empty message", () => {
    expect(projected(2, 7)).toEqual({
      message: expect.objectContaining({ kind: "unsupported", details: { unsupported: { type: "order" } } }),
      preview: "Unsupported message (order)",
    });
  });

  it("a reaction attaches to the message it reacts to, and is no message of its own", () => {
    const reacted = when(f.inbound(1, 7, 10), f.inbound(2, 7, 20, kindFields(6, quoted)));
    expect(reacted.decision).toEqual({
      changes: [{ table: "message", row: expect.objectContaining({ id: idOf(1), reaction: "👍" }) }],
    });
    expect(reacted.state.messages.has(idOf(2))).toBe(false);
    // The conversation is not touched: a reaction is neither unread nor the latest message.
    expect(rowsOf(reacted.state.conversations)[0]).toMatchObject({ unreadCount: 1, lastMessagePreview: "message 1" });
  });

  it("a later reaction replaces the earlier one, an empty one takes it away, the same one changes nothing", () => {
    const history = [f.inbound(1, 7, 10), f.inbound(2, 7, 20, kindFields(6, quoted))];
    when(...history, f.inbound(3, 7, 30, { ...kindFields(6, quoted), body: "❤️" })).then({
      changes: [{ table: "message", row: expect.objectContaining({ id: idOf(1), reaction: "❤️" }) }],
    });
    when(...history, f.inbound(3, 7, 30, { ...kindFields(6, quoted), body: "" })).then({
      changes: [{ table: "message", row: expect.objectContaining({ id: idOf(1), reaction: null }) }],
    });
    when(...history, f.inbound(3, 7, 30, kindFields(6, quoted))).then({ changes: [] });
  });

  it("a reaction to a message the read model does not have (or of another conversation) is kept as a reaction message", () => {
    const orphan = when(f.inbound(2, 7, 20, kindFields(6, f.sid("SM", 404))));
    expect(orphan.state.messages.get(idOf(2))).toMatchObject({
      kind: "reaction",
      details: { reaction: { emoji: "👍" } },
      replyToSid: f.sid("SM", 404),
    });
    const elsewhere = when(f.inbound(1, 8, 10), f.inbound(2, 7, 20, kindFields(6, quoted)));
    expect(elsewhere.state.messages.get(idOf(2))).toMatchObject({ kind: "reaction" });
    expect(elsewhere.state.messages.get(idOf(1))).toMatchObject({ reaction: null });
  });

  it("an event from before message kinds projects as before, with its kind worked out", () => {
    const { state } = when(
      f.inbound(1, 7, 10),
      f.inbound(2, 7, 11, { body: "", media: [{ url: "https://m/2", contentType: "image/png" }] }),
    );
    expect(state.messages.get(idOf(1))).toMatchObject({ kind: "text", details: null, replyToSid: null });
    expect(state.messages.get(idOf(2))).toMatchObject({ kind: "media", details: null });
    expect(rowsOf(state.conversations)[0]?.lastMessagePreview).toBe("📷 Photo");
  });

  it("replies are text", () => {
    const { state } = when(f.inbound(1, 7, 10), f.replySent(1, 7, 11), f.replyFailed(2, 7, 12));
    expect(rowsOf(state.messages).map((m) => [m.direction, m.kind, m.details])).toEqual([
      ["inbound", "text", null],
      ["outbound", "text", null],
      ["outbound", "text", null],
    ]);
  });
});
