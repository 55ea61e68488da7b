import type { CloudpaEvent } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import type { EventLog } from "./event-log.js";
import { acknowledgedSequencesHeld } from "./invariants.js";

// Only the fields the check reads: the event's type and, for an inbound one, its messageSid.
const inbound = (seq: number, messageSid: string) => ({
  seq,
  subject: "ns.evt.p0.org.conv.inbound_received",
  partition: 0,
  event: { type: "InboundMessageReceived", messageSid } as unknown as CloudpaEvent,
});
const logOf = (...events: ReturnType<typeof inbound>[]): EventLog => ({
  events,
  rejected: [],
  lastSeq: events.at(-1)?.seq ?? 0,
});

describe("acknowledged sequences held by the stream", () => {
  it("holds when each acknowledged sequence holds its webhook, duplicates acknowledged at the original's sequence", () => {
    const log = logOf(inbound(1, "SMa"), inbound(2, "SMb"));
    expect(
      acknowledgedSequencesHeld(log, [
        { seq: 1, messageSid: "SMa" },
        { seq: 2, messageSid: "SMb" },
        { seq: 1, messageSid: "SMa" },
      ]),
    ).toEqual([]);
  });

  it("names a sequence acknowledged for two webhooks, and the one the stream no longer holds (nats-server 2.9.x, issue 17)", () => {
    const log = logOf(inbound(731, "SMnew"));
    expect(
      acknowledgedSequencesHeld(log, [
        { seq: 731, messageSid: "SMold" },
        { seq: 731, messageSid: "SMnew" },
        { seq: 732, messageSid: "SMgone" },
      ]),
    ).toEqual([
      "stream sequence 731 was acknowledged for 2 webhooks: SMold, SMnew",
      "stream sequence 731 was acknowledged for webhook SMold but holds SMnew",
      "stream sequence 732 was acknowledged for webhook SMgone but holds nothing",
    ]);
  });
});
