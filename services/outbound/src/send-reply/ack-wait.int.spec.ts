import { outboundEnvSchema, parseEnv } from "@cloudpa/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboundApp } from "../outbound-app.js";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";
import { COMMANDS_CONSUMER } from "./commands-consumer.js";

describe("the outbound's ack wait (OUTBOUND_ACK_WAIT_MS)", () => {
  let fixture: OutboundFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  const ackWaitOfConsumer = async (f: OutboundFixture) =>
    ((await f.nats.jsm.consumers.info(f.nats.names.commandsStream, COMMANDS_CONSUMER)).config.ack_wait ?? 0) / 1e6;

  it("is 60 s unless set, as before it was configurable", async () => {
    expect(parseEnv(outboundEnvSchema.pick({ OUTBOUND_ACK_WAIT_MS: true }), {}).OUTBOUND_ACK_WAIT_MS).toBe(60_000);
    fixture = await outboundFixture();
    expect(await ackWaitOfConsumer(fixture)).toBe(60_000);
  });

  it("applies the configured wait to the commands consumer, and to the existing consumer at the next start", async () => {
    fixture = await outboundFixture({ env: { OUTBOUND_ACK_WAIT_MS: "45000" } });
    expect(await ackWaitOfConsumer(fixture)).toBe(45_000);

    await fixture.outbound.close();
    fixture.outbound = await createOutboundApp(
      { ...fixture.outbound.env, OUTBOUND_ACK_WAIT_MS: 90_000 },
      {
        logger: fixture.outbound.logger,
      },
    );
    expect(await ackWaitOfConsumer(fixture)).toBe(90_000);
  });

  it("refuses to start with a wait that is not a number, or no longer than a Twilio call", async () => {
    expect(() =>
      parseEnv(outboundEnvSchema.pick({ OUTBOUND_ACK_WAIT_MS: true }), { OUTBOUND_ACK_WAIT_MS: "soon" }),
    ).toThrow(/OUTBOUND_ACK_WAIT_MS/);
    fixture = await outboundFixture();
    await expect(
      createOutboundApp({ ...fixture.outbound.env, OUTBOUND_ACK_WAIT_MS: 10_000 }, { logger: fixture.outbound.logger }),
    ).rejects.toThrow(/OUTBOUND_ACK_WAIT_MS: 10000 ms must exceed the Twilio timeout \(15000 ms\)/);
  });
});
