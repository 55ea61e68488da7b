import { describe, expect, it } from "vitest";
import { cloudpaNames } from "../names.js";
import { commandIdOfPayload, orgIdOfCommandSubject, quarantinedCommandKeyOf } from "./quarantined-command.js";

const orgId = "0b6f3a52-8d7e-4c1a-9f1e-2f5a9d7c4b10";
const commandId = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";

describe("a quarantined command's identity", () => {
  it("takes the org from the command subject, scoped keys by it", () => {
    const subject = cloudpaNames("t-1").sendReplySubject(orgId);
    expect(orgIdOfCommandSubject(subject)).toBe(orgId);
    expect(quarantinedCommandKeyOf({ orgId, seq: 42 })).toBe(`${orgId}.42`);
  });

  it("names no org when the subject's org token is not an org id, and keys it apart", () => {
    expect(orgIdOfCommandSubject("cloudpa.cmd.not-an-org.send_reply")).toBeNull();
    expect(orgIdOfCommandSubject("cloudpa.cmd")).toBeNull();
    expect(quarantinedCommandKeyOf({ orgId: null, seq: 7 })).toBe("no-org.7");
  });

  it("reads the commandId of a payload only when it is JSON holding a UUID there", () => {
    expect(commandIdOfPayload(Buffer.from(JSON.stringify({ type: "SendReply", commandId })))).toBe(commandId);
    expect(commandIdOfPayload(Buffer.from(JSON.stringify({ commandId: "order-42" })))).toBeNull();
    expect(commandIdOfPayload(Buffer.from("null"))).toBeNull();
    expect(commandIdOfPayload(Buffer.from("{not json"))).toBeNull();
  });
});
