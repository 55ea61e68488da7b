import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cloudpaNames } from "../names.js";
import { parseEventSubject } from "./event-subject.js";

const conversationKinds = fc.constantFrom(
  "inbound_received",
  "status_updated",
  "reply_sent",
  "reply_failed",
  "conversation_read",
) as fc.Arbitrary<"inbound_received">;
const channelKinds = fc.constantFrom("channel_connected", "channel_disconnected") as fc.Arbitrary<"channel_connected">;
const partitionCounts = fc.integer({ min: 1, max: 256 });

describe("event subjects", () => {
  it("reads back what the builders wrote: parse(build(x)) = x", () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.uuid(),
        partitionCounts,
        conversationKinds,
        (orgId, conversationId, partitions, kind) => {
          const names = cloudpaNames("ns-1", { partitions });
          expect(parseEventSubject(names.conversationEventSubject(orgId, conversationId, kind))).toEqual({
            namespace: "ns-1",
            partition: names.partitionOf(orgId),
            orgId,
            about: { kind: "conversation", conversationId },
            event: kind,
          });
        },
      ),
    );
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), partitionCounts, channelKinds, (orgId, channelId, partitions, kind) => {
        const names = cloudpaNames("ns", { partitions });
        expect(parseEventSubject(names.channelEventSubject(orgId, channelId, kind))).toEqual({
          namespace: "ns",
          partition: names.partitionOf(orgId),
          orgId,
          about: { kind: "channel", channelId },
          event: kind,
        });
      }),
    );
  });

  it("puts every event of an org, so of a conversation, in the partition its filter selects", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), partitionCounts, (orgId, conversationId, channelId, partitions) => {
        const names = cloudpaNames("ns", { partitions });
        const filter = names.partitionEventsFilter(names.partitionOf(orgId)).slice(0, -1);
        expect(names.conversationEventSubject(orgId, conversationId, "reply_sent").startsWith(filter)).toBe(true);
        expect(names.channelEventSubject(orgId, channelId, "channel_connected").startsWith(filter)).toBe(true);
        expect(names.conversationEventsFilter(orgId, conversationId).startsWith(filter)).toBe(true);
      }),
    );
  });

  it("reads subjects written before partitions, which carry no token", () => {
    const org = "6f1c2a52-8f3e-4c1b-9a57-0c2d1e3f4a5b";
    const conversation = "0b6a3f1e-5a0f-4d47-8d0e-3b9a7c1d2e4f";
    expect(parseEventSubject(`cloudpa.evt.${org}.${conversation}.inbound_received`)).toEqual({
      namespace: "cloudpa",
      partition: null,
      orgId: org,
      about: { kind: "conversation", conversationId: conversation },
      event: "inbound_received",
    });
    expect(parseEventSubject(`cloudpa.evt.${org}.channel.${conversation}.channel_connected`)?.about).toEqual({
      kind: "channel",
      channelId: conversation,
    });
    expect(parseEventSubject(`cloudpa.evt.${org}.contact.${conversation}.contact_erased`)).toMatchObject({
      partition: null,
      about: { kind: "contact", contactId: conversation },
    });
    expect(
      parseEventSubject(names16().legacyConversationEventSubject(org, conversation, "reply_failed"))?.partition,
    ).toBeNull();
  });

  it("refuses what is not an event subject", () => {
    for (const subject of [
      "cloudpa.cmd.org.send_reply",
      "cloudpa.evt",
      "cloudpa.evt.org",
      "cloudpa.evt.p1.org",
      "cloudpa.evt.p1.org.a.b.c.d",
      "cloudpa.evt.org.thing.x.y",
      "cloudpa.evt.org..x",
      ".evt.org.conv.x",
    ]) {
      expect(parseEventSubject(subject), subject).toBeNull();
    }
    // p256 and p01 are no partition tokens: read as a legacy org id (a conversation subject of five tokens fails).
    expect(parseEventSubject("ns.evt.p256.org.conv.x")).toBeNull();
  });
});

function names16() {
  return cloudpaNames("cloudpa", { partitions: 16 });
}
