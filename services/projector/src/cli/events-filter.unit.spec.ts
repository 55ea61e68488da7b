import { cloudpaNames } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, eventsFilterSubject } from "./events-filter.js";

const names = cloudpaNames("ops", { partitions: 16 });
const org = "0b8f6a52-6f1b-4a8e-9d3c-2b1a0f9e8d7c";
const conversation = "5c2d7e10-1111-4a8e-9d3c-2b1a0f9e8d7c";
const p = `p${names.partitionOf(org)}`;

describe("the subject filter of cloudpa events tail", () => {
  it("follows every event, one org's, or one conversation's", () => {
    expect(eventsFilterSubject(names, {})).toBe("ops.evt.>");
    expect(eventsFilterSubject(names, { orgId: org })).toBe(`ops.evt.${p}.${org}.>`);
    expect(eventsFilterSubject(names, { conversationId: conversation })).toBe(`ops.evt.*.*.${conversation}.*`);
    expect(eventsFilterSubject(names, { orgId: org, conversationId: conversation })).toBe(
      `ops.evt.${p}.${org}.${conversation}.*`,
    );
  });

  it("narrows to a type by its subject token, six tokens for conversation events and seven for channel events", () => {
    expect(eventsFilterSubject(names, { type: "InboundMessageReceived" })).toBe("ops.evt.*.*.*.inbound_received");
    expect(eventsFilterSubject(names, { type: "ReplyFailed", conversationId: conversation, orgId: org })).toBe(
      `ops.evt.${p}.${org}.${conversation}.reply_failed`,
    );
    expect(eventsFilterSubject(names, { type: "ChannelConnected", orgId: org })).toBe(
      `ops.evt.${p}.${org}.*.*.channel_connected`,
    );
  });

  it("refuses what would widen or break the filter, naming the option", () => {
    expect(() => eventsFilterSubject(names, { orgId: "*" })).toThrow("--org is not an org id");
    expect(() => eventsFilterSubject(names, { conversationId: "a.>" })).toThrow("--conversation");
    expect(() => eventsFilterSubject(names, { type: "Inbound" })).toThrow(
      /--type must be one of InboundMessageReceived/,
    );
    expect(() => eventsFilterSubject(names, { type: "ChannelDisconnected", conversationId: conversation })).toThrow(
      "belong to no conversation",
    );
  });

  it("knows every event type of the contracts", () => {
    expect(EVENT_TYPES).toContain("ConversationRead");
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });
});
