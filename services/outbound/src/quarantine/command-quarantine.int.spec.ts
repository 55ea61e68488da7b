import { quarantinedCommandKeyOf, quarantinedCommandSchema } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS_CONSUMER } from "../send-reply/commands-consumer.js";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

describe("the outbound keeps each command it quarantines", () => {
  let fixture: OutboundFixture;
  beforeAll(async () => {
    fixture = await outboundFixture();
  });
  afterAll(() => fixture?.close());

  it("keeps a command that fails verification under its org and sequence, with why, its bytes and its headers, and sends nothing", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550007001", 1);
    const command = fixture.sendReply(conversationId, "Signed by the wrong producer");
    // The ingress's key may not sign SendReply.
    await appendSigned(fixture.nats.js, fixture.nats.names, command, fixture.keys.signing.ingress);
    const seq = (await fixture.nats.jsm.streams.info(fixture.nats.names.commandsStream)).state.last_seq;

    const bucket = await new Kvm(fixture.nats.nc).open(fixture.nats.names.outboundQuarantineBucket);
    const key = quarantinedCommandKeyOf({ orgId: fixture.orgId, seq });
    const entry = await waitFor(async () => (await bucket.get(key)) ?? undefined, { what: "the kept command" });
    const kept = quarantinedCommandSchema.parse(entry.json());
    expect(kept).toMatchObject({
      stream: fixture.nats.names.commandsStream,
      seq,
      subject: fixture.nats.names.sendReplySubject(fixture.orgId),
      orgId: fixture.orgId,
      commandId: command.commandId,
      reasonCode: "ENVELOPE.NOT_ALLOWED",
      reason: expect.stringContaining("may not sign SendReply"),
      status: "quarantined",
    });
    expect(JSON.parse(Buffer.from(kept.payload, "base64").toString("utf8"))).toEqual(command);
    expect(kept.headers["Cloudpa-Key-Id"]).toEqual([fixture.keys.signing.ingress.keyId]);
    expect(kept.headers["Cloudpa-Signature"]).toHaveLength(1);
    expect(Date.parse(kept.quarantinedAt)).toBeGreaterThanOrEqual(Date.parse(kept.storedAt));

    await waitFor(async () => {
      const info = await fixture.nats.jsm.consumers.info(fixture.nats.names.commandsStream, COMMANDS_CONSUMER);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect(fixture.sim.sentMessages()).toHaveLength(0);
    expect(await fixture.outcomesOf(command)).toEqual([]);
  });
});
