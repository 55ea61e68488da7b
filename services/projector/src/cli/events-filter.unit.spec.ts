import { cloudpaNames } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, type EventsFilter, eventsSelectionOf } from "./events-filter.js";

const names = cloudpaNames("ops", { partitions: 16 });
const org = "0b8f6a52-6f1b-4a8e-9d3c-2b1a0f9e8d7c";
const otherOrg = "7e3c1b2a-2222-4a8e-9d3c-2b1a0f9e8d7c";
const conversation = "5c2d7e10-1111-4a8e-9d3c-2b1a0f9e8d7c";
const otherConversation = "5c2d7e10-3333-4a8e-9d3c-2b1a0f9e8d7c";
const channel = "9a8b7c6d-4444-4a8e-9d3c-2b1a0f9e8d7c";
const p = `p${names.partitionOf(org)}`;
const subjectOf = (filter: EventsFilter) => eventsSelectionOf(names, filter).subject;

/** The same event's subject as stored since partitions and before them (docs/decisions/019). */
function bothFormats(orgId: string, rest: string): [string, string] {
  return [`ops.evt.p${names.partitionOf(orgId)}.${orgId}.${rest}`, `ops.evt.${orgId}.${rest}`];
}

describe("the subject filter of cloudpa events tail", () => {
  it("follows every event, one org's, or one conversation's", () => {
    expect(subjectOf({})).toBe("ops.evt.>");
    expect(subjectOf({ orgId: org })).toBe(`ops.evt.${p}.${org}.>`);
    expect(subjectOf({ conversationId: conversation })).toBe(`ops.evt.*.*.${conversation}.*`);
    expect(subjectOf({ orgId: org, conversationId: conversation })).toBe(`ops.evt.${p}.${org}.${conversation}.*`);
  });

  it("narrows to a type by its subject token, six tokens for conversation events and seven for channel events", () => {
    expect(subjectOf({ type: "InboundMessageReceived" })).toBe("ops.evt.*.*.*.inbound_received");
    expect(subjectOf({ type: "ReplyFailed", conversationId: conversation, orgId: org })).toBe(
      `ops.evt.${p}.${org}.${conversation}.reply_failed`,
    );
    expect(subjectOf({ type: "ChannelConnected", orgId: org })).toBe(`ops.evt.${p}.${org}.*.*.channel_connected`);
  });

  it("needs no second look at subjects when nothing narrows it: the stream's filter takes both formats", () => {
    expect(eventsSelectionOf(names, {}).matches).toBeUndefined();
  });

  it("selects an event the same way whether its subject is from before partitions or after", () => {
    const cases: [EventsFilter, string, boolean][] = [
      [{ orgId: org }, `${conversation}.inbound_received`, true],
      [{ orgId: org }, `channel.${channel}.channel_connected`, true],
      [{ orgId: otherOrg }, `${conversation}.inbound_received`, false],
      [{ conversationId: conversation }, `${conversation}.reply_sent`, true],
      [{ conversationId: conversation }, `${otherConversation}.reply_sent`, false],
      [{ conversationId: conversation }, `channel.${conversation}.channel_connected`, false],
      [{ orgId: org, conversationId: conversation, type: "ReplySent" }, `${conversation}.reply_sent`, true],
      [{ orgId: org, conversationId: conversation, type: "ReplySent" }, `${conversation}.reply_failed`, false],
      [{ type: "ChannelConnected" }, `channel.${channel}.channel_connected`, true],
      [{ type: "ContactErased" }, `contact.${channel}.contact_erased`, true],
      [{ type: "InboundMessageReceived" }, `channel.${channel}.inbound_received`, false],
    ];
    for (const [filter, rest, selected] of cases) {
      const { matches } = eventsSelectionOf(names, filter);
      for (const subject of bothFormats(org, rest)) {
        expect({ filter, subject, selected: matches?.(subject) }).toEqual({ filter, subject, selected });
      }
    }
    const { matches } = eventsSelectionOf(names, { orgId: org });
    expect(matches?.(`other.evt.${org}.${conversation}.inbound_received`)).toBe(false);
    expect(matches?.(`ops.cmd.${org}.send_reply`)).toBe(false);
  });

  it("refuses what would widen or break the filter, naming the option", () => {
    expect(() => subjectOf({ orgId: "*" })).toThrow("--org is not an org id");
    expect(() => subjectOf({ conversationId: "a.>" })).toThrow("--conversation");
    expect(() => subjectOf({ type: "Inbound" })).toThrow(/--type must be one of InboundMessageReceived/);
    expect(() => subjectOf({ type: "ChannelDisconnected", conversationId: conversation })).toThrow(
      "belong to no conversation",
    );
  });

  it("knows every event type of the contracts", () => {
    expect(EVENT_TYPES).toContain("ConversationRead");
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });
});
