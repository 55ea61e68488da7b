import type { InboundMediaStored } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);
const f = eventFactory();
const media = [
  { url: "https://api.twilio.com/m/0", contentType: "image/jpeg" },
  { url: "https://api.twilio.com/m/1", contentType: "application/pdf" },
];

function kept(messageSid: string, conversationId: string): InboundMediaStored {
  return {
    type: "InboundMediaStored",
    version: 1,
    eventId: "5b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
    orgId: f.orgId,
    occurredAt: f.at(20),
    channelId: f.channelId,
    conversationId,
    messageSid,
    items: [
      {
        index: 1,
        mediaId: "6b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
        contentType: "application/pdf",
        size: 99,
        name: "q.pdf",
      },
    ],
    storedAt: f.at(20),
  };
}

describe("InboundMediaStored", () => {
  it("gives each kept item its stored copy, Twilio's URL beside it", () => {
    const inbound = f.inbound(1, 7, 10, { media });
    const model = when(inbound, kept(inbound.messageSid, inbound.conversationId));
    expect(rowsOf(model.state.messages)[0]?.media).toEqual([
      media[0],
      { ...media[1], mediaId: "6b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11", size: 99, name: "q.pdf" },
    ]);
  });

  it("changes nothing for a message that is not there", () => {
    const model = when(kept(f.sid("SM", 9), f.conversationOf(9)));
    expect(rowsOf(model.state.messages)).toEqual([]);
  });
});
