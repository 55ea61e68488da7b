import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CHANNEL_NUMBER,
  type OutboundFixture,
  outboundFixture,
} from "../testing/outbound-fixture.js";

describe("the env channel fallback", () => {
  let fixture: OutboundFixture;
  beforeAll(async () => {
    fixture = await outboundFixture({
      orgId: DEFAULT_ORG_ID,
      registerChannel: false,
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WHATSAPP_FROM: CHANNEL_NUMBER },
    });
  });
  afterAll(() => fixture?.close());

  it("sends the default org's replies with TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN from TWILIO_WHATSAPP_FROM when the registry has no channel", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550005001", 1);
    const command = fixture.sendReply(conversationId, "From the env channel");
    await fixture.publish(command);

    const outcome = await fixture.outcomeOf(command);
    const [sent] = fixture.sim.sentMessages();
    expect(sent).toMatchObject({ accountSid: ACCOUNT_SID, from: CHANNEL_NUMBER, body: "From the env channel" });
    expect(outcome).toMatchObject({ type: "ReplySent", channelId: fixture.channelId, messageSid: sent?.sid });
  });
});
