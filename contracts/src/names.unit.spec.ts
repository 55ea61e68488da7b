import { describe, expect, it } from "vitest";
import { cloudpaNames } from "./names.js";

describe("names follow the namespace", () => {
  it("uses DESIGN.md's names under the default namespace", () => {
    const names = cloudpaNames();
    expect(names.eventsStream).toBe("cloudpa-events");
    expect(names.commandsStream).toBe("cloudpa-commands");
    expect(names.channelsBucket).toBe("cloudpa-channels");
    expect(names.conversationEventSubject("org", "conv", "inbound_received")).toBe(
      "cloudpa.evt.org.conv.inbound_received",
    );
    expect(names.channelEventSubject("org", "ch", "channel_connected")).toBe(
      "cloudpa.evt.org.channel.ch.channel_connected",
    );
    expect(names.sendReplySubject("org")).toBe("cloudpa.cmd.org.send_reply");
    expect(names.liveSubject("org")).toBe("cloudpa.live.org");
  });

  it("moves every name into another namespace", () => {
    const names = cloudpaNames("t1234");
    expect(names.eventsStream).toBe("t1234-events");
    expect(names.eventsSubjects).toBe("t1234.evt.>");
    expect(names.commandsSubjects).toBe("t1234.cmd.>");
    expect(names.conversationEventsFilter("org", "conv")).toBe("t1234.evt.org.conv.*");
  });

  it("refuses a namespace that would break subjects", () => {
    expect(() => cloudpaNames("a.b")).toThrow();
    expect(() => cloudpaNames("A")).toThrow();
  });
});
