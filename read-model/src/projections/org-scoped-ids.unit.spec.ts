import { uuidv5 } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { given } from "./given.js";
import { inboundMessageIdFor } from "./message-ids.js";

// Two orgs whose events carry the same MessageSids and commandIds (the factory derives them from n).
const alpha = eventFactory(uuidv5("org:alpha"));
const bravo = eventFactory(uuidv5("org:bravo"));

describe("ids of one org never collide with another's", () => {
  it("projects the same MessageSid in two orgs as two messages, one in each inbox", () => {
    const model = given([alpha.inbound(1, 7, 1), bravo.inbound(1, 7, 2)]);
    expect(model.rejections).toEqual([]);
    expect(model.messages().map((m) => [m.orgId, m.id])).toEqual([
      [alpha.orgId, inboundMessageIdFor(alpha.orgId, alpha.sid("SM", 1))],
      [bravo.orgId, inboundMessageIdFor(bravo.orgId, bravo.sid("SM", 1))],
    ]);
    expect(model.conversations().map((c) => [c.orgId, c.unreadCount])).toEqual([
      [alpha.orgId, 1],
      [bravo.orgId, 1],
    ]);
  });

  it("applies a status to its own org's message only, and keeps another org's early status pending for it", () => {
    const sid = alpha.sid("SM", 1_000_001);
    const model = given([
      alpha.replySent(1, 7, 1),
      bravo.status(sid, 7, "read", 2),
      alpha.status(sid, 7, "delivered", 3),
    ]);
    expect(model.rejections).toEqual([]);
    expect(model.messages()).toEqual([expect.objectContaining({ orgId: alpha.orgId, status: "delivered" })]);
    expect(model.pending()).toEqual([
      expect.objectContaining({ orgId: bravo.orgId, providerSid: sid, status: "read" }),
    ]);
    const later = given([bravo.status(sid, 7, "read", 2), alpha.replySent(1, 7, 3)]);
    expect(later.messages()).toEqual([expect.objectContaining({ orgId: alpha.orgId, status: "queued" })]);
    expect(later.pending()).toHaveLength(1);
  });

  it("refuses a reply outcome whose commandId is another org's message, instead of dropping it as already projected", () => {
    const model = given([alpha.replySent(1, 7, 1), bravo.replySent(1, 7, 2, { messageSid: bravo.sid("SM", 9) })]);
    expect(model.rejections).toEqual([expect.objectContaining({ code: "PROJECTION.COMMAND_CONFLICT" })]);
    expect(model.messages()).toHaveLength(1);
  });
});
