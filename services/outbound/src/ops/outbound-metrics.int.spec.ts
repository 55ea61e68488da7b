import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

describe("outbound metrics", () => {
  let fixture: OutboundFixture;
  beforeAll(async () => {
    fixture = await outboundFixture();
  });
  afterAll(() => fixture?.close());

  const metricsText = async () => (await fixture.outbound.app.inject({ method: "GET", url: "/metrics" })).body;

  it("counts a reply Twilio refused by reason and Twilio's error code, and reports the streams' quorum", async () => {
    fixture.sim.configure({ failSends: [21211] });
    const conversationId = await fixture.customerWrote("whatsapp:+15550009001", 1);
    const command = fixture.sendReply(conversationId, "Bad number");
    await fixture.publish(command);
    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplyFailed", errorCode: "21211" });

    const text = await metricsText();
    expect(text).toMatch(
      /^outbound_send_failures_total\{reason="twilio_error",error_code="21211",service="outbound"\} 1$/m,
    );
    expect(text).toMatch(/^outbound_sends_total\{outcome="twilio_error",service="outbound"\} 1$/m);
    expect(text).toMatch(/^cloudpa_stream_available\{stream="[^"]+-commands",service="outbound"\} 1$/m);
  });
});
