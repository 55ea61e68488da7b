import type { CloudpaEvent } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { changesOf, readModelDecider } from "../projections/read-model.decider.js";
import { eventFactory } from "../testing/event-factory.js";
import { kindFields } from "../testing/kind-fields.js";
import { rowsOf } from "../testing/rows-of.js";
import type { CheckedEvent } from "./checked-event.js";
import {
  bodyPreview,
  conversationSummaryOf,
  eventSummaryOf,
  rowSummaryOf,
  subjectPartsOf,
  typeOf,
} from "./history-summary.js";
import { producedRowOf } from "./produced-row.js";

const { when } = specification(readModelDecider, changesOf);
const f = eventFactory();

describe("history summaries", () => {
  it("say who wrote what, with the MessageSid an operator searches by", () => {
    expect(eventSummaryOf(f.inbound(1, 2, 3))).toBe(
      `from whatsapp:+15550000002 (Customer 2): "message 1" ${f.sid("SM", 1)}`,
    );
    expect(eventSummaryOf(f.status(f.sid("SM", 7), 2, "undelivered", 3, { errorCode: "63016" }))).toBe(
      `${f.sid("SM", 7)} → undelivered (error 63016)`,
    );
    expect(eventSummaryOf(f.replyFailed(4, 2, 3))).toMatch(/^window_closed: "reply 4" command [0-9a-f]{8}$/);
    expect(eventSummaryOf(f.read(2, 3))).toBe("read by user-1");
  });

  it("say what a message of another kind is (decision 023)", () => {
    const location = f.inbound(5, 2, 3, kindFields(0, f.sid("SM", 1)));
    expect(eventSummaryOf(location)).toBe(`from whatsapp:+15550000002 (Customer 2): "📍 Office" ${f.sid("SM", 5)}`);
    expect(eventSummaryOf(f.inbound(6, 2, 3, kindFields(7, f.sid("SM", 1))))).toContain(
      '"Unsupported message (order)"',
    );
  });

  it("cut a long or multi-line body to one short quoted line", () => {
    expect(bodyPreview(`line one\n${"x".repeat(100)}`)).toBe(JSON.stringify(`line one ${"x".repeat(50)}…`));
    expect(bodyPreview("", [{ contentType: "image/png" }, { contentType: "audio/ogg" }])).toBe('"📎 2 files"');
  });

  it("name what a refused payload claims to be, marked as a claim", () => {
    const refused = { event: null, payload: { type: "InboundMessageReceived" } } as CheckedEvent;
    expect(typeOf(refused)).toBe("InboundMessageReceived?");
    expect(typeOf({ event: null, payload: "not json" } as CheckedEvent)).toBe("unreadable");
  });

  it("read the org and the subject's topic from a subject, with the partition token or without (from before partitions)", () => {
    for (const root of [`ns.evt.p3.${f.orgId}`, `ns.evt.${f.orgId}`]) {
      expect(subjectPartsOf(`${root}.${f.conversationOf(1)}.inbound_received`)).toEqual({
        orgId: f.orgId,
        about: f.conversationOf(1),
      });
      expect(subjectPartsOf(`${root}.channel.${f.channelId}.channel_connected`).about).toBe(`channel ${f.channelId}`);
    }
  });

  it("describe the row an event produced as it stands now", () => {
    const inbound = f.inbound(1, 2, 3);
    const workspace = when(inbound).state;
    const row = producedRowOf(inbound, workspace);
    expect(row && rowSummaryOf(row)).toMatch(
      /^message [0-9a-f]{8} inbound received, sent 2026-01-01T09:00:03.000Z: "message 1"$/,
    );
  });

  it("tell a conversation marked unread from one with a message unread", () => {
    const conversationAfter = (...events: CloudpaEvent[]) =>
      rowsOf(when(...events).state.conversations).find((c) => c.id === f.conversationOf(2));
    const unread = conversationAfter(f.inbound(1, 2, 3));
    const marked = conversationAfter(f.inbound(1, 2, 3), f.read(2, 4), f.organized("ConversationMarkedUnread", 2, 5));
    expect(unread && conversationSummaryOf(unread)).toContain(", open, 1 unread, ");
    expect(marked && conversationSummaryOf(marked)).toContain(", open, marked unread, ");
  });
});
