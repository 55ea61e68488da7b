import { describe, expect, it } from "vitest";
import type { SendReply } from "../commands/send-reply.js";
import type { InboundMessageReceived } from "../events/inbound-message-received.js";
import type { MessageStatusUpdated } from "../events/message-status-updated.js";
import type { ReplySent } from "../events/reply-sent.js";
import { commandIdFor, uuidv5 } from "../ids.js";
import { legacyInboundMsgIdOf, msgIdOf } from "./msg-id.js";

const ORG_A = uuidv5("org:a");
const ORG_B = uuidv5("org:b");
const SID = `SM${"a".repeat(32)}`;
const COMMAND_ID = "6f1b7d2e-3c4a-4b5d-8e6f-7a8b9c0d1e2f";

// Only the fields msgIdOf reads; the rest of each message does not change its id.
const inbound = (orgId: string) =>
  ({ type: "InboundMessageReceived", orgId, messageSid: SID }) as InboundMessageReceived;
const status = (orgId: string) =>
  ({ type: "MessageStatusUpdated", orgId, messageSid: SID, status: "delivered" }) as MessageStatusUpdated;
const command = (orgId: string) => ({ type: "SendReply", orgId, commandId: COMMAND_ID }) as SendReply;
const sent = (orgId: string) => ({ type: "ReplySent", orgId, commandId: COMMAND_ID }) as ReplySent;

describe("Nats-Msg-Id", () => {
  it("never gives two orgs the same id for the same MessageSid or commandId", () => {
    for (const messageOf of [inbound, status, command, sent])
      expect(msgIdOf(messageOf(ORG_A))).not.toBe(msgIdOf(messageOf(ORG_B)));
  });

  it("names the org in each id", () => {
    expect(msgIdOf(inbound(ORG_A))).toBe(`in:${ORG_A}:${SID}`);
    expect(msgIdOf(status(ORG_A))).toBe(`st:${ORG_A}:${SID}:delivered`);
    expect(msgIdOf(command(ORG_A))).toBe(`cmd:${ORG_A}:${COMMAND_ID}`);
    expect(msgIdOf(sent(ORG_A))).toBe(`out:${ORG_A}:${COMMAND_ID}`);
    expect(legacyInboundMsgIdOf(inbound(ORG_A))).toBe(`in:${SID}`);
  });
});

describe("commandIdFor", () => {
  it("gives the same key in two orgs two commandIds, and the same key in one org one", () => {
    expect(commandIdFor(ORG_A, "order-42")).not.toBe(commandIdFor(ORG_B, "order-42"));
    expect(commandIdFor(ORG_A, "order-42")).toBe(commandIdFor(ORG_A, "order-42"));
  });

  it("keeps the API's Idempotency-Key ids of before, so a retry across an upgrade is still one command", () => {
    expect(commandIdFor(ORG_A, "order-42")).toBe(uuidv5(`idempotency:${ORG_A}:order-42`));
  });
});
