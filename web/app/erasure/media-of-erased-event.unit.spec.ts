import { inboundMediaIdFor } from "@cloudpa/contracts";
import { eventFactory } from "@cloudpa/read-model/testing";
import { describe, expect, it } from "vitest";
import { mediaIdsOfErasedEvent } from "./media-of-erased-event.ts";

const f = eventFactory();
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const file = (mediaId: string) => ({ mediaId, contentType: "image/jpeg", size: 3, name: "a.jpg" });
const A = "0b6a4f0e-8f3d-4c4e-9a51-00000000000a";
const B = "0b6a4f0e-8f3d-4c4e-9a51-00000000000b";

describe("the media ids an erased event names", () => {
  it("derives where the keeper stores an inbound message's items, recorded or not", () => {
    const inbound = f.inbound(1, 5, 1, {
      media: [
        { url: "https://api.twilio.com/a", contentType: "image/jpeg" },
        { url: "https://api.twilio.com/b", contentType: "application/pdf" },
      ],
    });
    expect(mediaIdsOfErasedEvent(f.orgId, bytes(inbound))).toEqual([
      inboundMediaIdFor(f.orgId, inbound.messageSid, 0),
      inboundMediaIdFor(f.orgId, inbound.messageSid, 1),
    ]);
    expect(mediaIdsOfErasedEvent(f.orgId, bytes(f.inbound(2, 5, 2)))).toEqual([]);
  });

  it("reads the files of replies and the copies InboundMediaStored recorded", () => {
    expect(mediaIdsOfErasedEvent(f.orgId, bytes(f.replySent(1, 5, 1, { media: [file(A)] })))).toEqual([A]);
    expect(mediaIdsOfErasedEvent(f.orgId, bytes(f.replyFailed(2, 5, 2, { media: [file(B)] })))).toEqual([B]);
    const kept = { type: "InboundMediaStored", orgId: f.orgId, messageSid: "MM1", items: [{ ...file(A), index: 0 }] };
    expect(mediaIdsOfErasedEvent(f.orgId, bytes(kept))).toEqual([A]);
  });

  it("names nothing for another org's event, a non-uuid id or a payload that is not JSON", () => {
    expect(mediaIdsOfErasedEvent(B, bytes(f.replySent(1, 5, 1, { media: [file(A)] })))).toEqual([]);
    expect(mediaIdsOfErasedEvent(f.orgId, bytes(f.replySent(1, 5, 1, { media: [file("../x")] })))).toEqual([]);
    expect(mediaIdsOfErasedEvent(f.orgId, new TextEncoder().encode("{not json"))).toEqual([]);
  });
});
