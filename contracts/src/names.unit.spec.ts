import { describe, expect, it } from "vitest";
import { cloudpaNames } from "./names.js";
import { partitionOf } from "./partitions/partition-of.js";

describe("names follow the namespace", () => {
  it("uses DESIGN.md's names under the default namespace, with the partition token in event subjects", () => {
    const names = cloudpaNames(undefined, { partitions: 16 });
    const p = `p${partitionOf("org", 16)}`;
    expect(names.eventsStream).toBe("cloudpa-events");
    expect(names.commandsStream).toBe("cloudpa-commands");
    expect(names.channelsBucket).toBe("cloudpa-channels");
    expect(names.configBucket).toBe("cloudpa-config");
    expect(names.conversationEventSubject("org", "conv", "inbound_received")).toBe(
      `cloudpa.evt.${p}.org.conv.inbound_received`,
    );
    expect(names.channelEventSubject("org", "ch", "channel_connected")).toBe(
      `cloudpa.evt.${p}.org.channel.ch.channel_connected`,
    );
    expect(names.sendReplySubject("org")).toBe("cloudpa.cmd.org.send_reply");
    expect(names.liveSubject("org")).toBe("cloudpa.live.org");
  });

  it("moves every name into another namespace", () => {
    const names = cloudpaNames("t1234", { partitions: 4 });
    const p = `p${partitionOf("org", 4)}`;
    expect(names.eventsStream).toBe("t1234-events");
    expect(names.eventsSubjects).toBe("t1234.evt.>");
    expect(names.commandsSubjects).toBe("t1234.cmd.>");
    expect(names.conversationEventsFilter("org", "conv")).toBe(`t1234.evt.${p}.org.conv.*`);
    expect(names.conversationEventsFilters("org", "conv")).toEqual([
      `t1234.evt.${p}.org.conv.*`,
      "t1234.evt.org.conv.*",
    ]);
    expect(names.conversationEventsFilter("*", "conv")).toBe("t1234.evt.*.*.conv.*");
    expect(names.partitionEventsFilter(3)).toBe("t1234.evt.p3.>");
  });

  it("gives without a partition count only the names that need none", () => {
    const names = cloudpaNames("t1234");
    expect(names.eventsStream).toBe("t1234-events");
    expect("conversationEventSubject" in names).toBe(false);
    expect(names.legacyConversationEventsFilter("org", "conv")).toBe("t1234.evt.org.conv.*");
  });

  it("refuses a namespace that would break subjects, and a partition count or partition out of range", () => {
    expect(() => cloudpaNames("a.b")).toThrow();
    expect(() => cloudpaNames("A")).toThrow();
    expect(() => cloudpaNames("ok", { partitions: 0 })).toThrow(RangeError);
    expect(() => cloudpaNames("ok", { partitions: 257 })).toThrow(RangeError);
    expect(() => cloudpaNames("ok", { partitions: 4 }).partitionEventsFilter(4)).toThrow(RangeError);
  });
});
