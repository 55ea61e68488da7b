import { mediaFromWebhook, TWILIO_RETRY_OVERRIDES, twilioInboundWebhookSchema, webhookPaths } from "@cloudpa/contracts";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { simWithReceiver } from "../testing/sim-with-receiver.js";

const ACCOUNT = { accountSid: `AC${"17".repeat(16)}`, authToken: "28".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const PUBLIC_BASE_URL = "https://inbox.cloudpa.example";
const SIGNED_URL = `${PUBLIC_BASE_URL}${webhookPaths().inbound}`;

describe("inbound messages", () => {
  const bed = simWithReceiver((receiver) => ({
    accounts: [ACCOUNT],
    numbers: [BUSINESS],
    inboundWebhookUrl: `${receiver.url}${webhookPaths().inbound}${TWILIO_RETRY_OVERRIDES}`,
    signingUrlBase: PUBLIC_BASE_URL,
  }));

  it("sends Twilio's WhatsApp webhook with every param, signed for the public URL so twilio's validator accepts it", async () => {
    const { sim, receiver } = bed;
    const result = await sim.inbound({
      from: "+447700900001",
      profileName: "Ada Lovelace",
      body: "Can you fix my boiler?",
    });
    expect(result).toMatchObject({ webhookStatus: 200 });
    expect(receiver.received).toHaveLength(1);
    const [webhook] = receiver.received;
    const signature = webhook?.headers["x-twilio-signature"] as string;
    expect(twilio.validateRequest(ACCOUNT.authToken, signature, SIGNED_URL, webhook?.params ?? {})).toBe(true);
    expect(webhook?.path).toBe(webhookPaths().inbound);
    expect(twilioInboundWebhookSchema.parse(webhook?.params)).toMatchObject({
      MessageSid: result.messageSid,
      AccountSid: ACCOUNT.accountSid,
      From: "whatsapp:+447700900001",
      To: BUSINESS,
      Body: "Can you fix my boiler?",
      ProfileName: "Ada Lovelace",
      WaId: "447700900001",
      NumMedia: "0",
      NumSegments: "1",
      MessageType: "text",
    });
    expect(webhook?.params).toMatchObject({
      SmsMessageSid: result.messageSid,
      SmsSid: result.messageSid,
      SmsStatus: "received",
      ApiVersion: "2010-04-01",
      ReferralNumMedia: "0",
    });
    expect(JSON.parse(webhook?.params.ChannelMetadata ?? "")).toEqual({
      type: "whatsapp",
      data: { context: { ProfileName: "Ada Lovelace", WaId: "447700900001" } },
    });
  });

  it("sends an attached image as MediaUrl0 with its content type and MessageType image", async () => {
    const { sim, receiver } = bed;
    await sim.inbound({ from: "+447700900001", body: "", mediaUrl: "https://images.example/boiler.png" });
    const params = receiver.received[0]?.params ?? {};
    expect(params).toMatchObject({ NumMedia: "1", MessageType: "image", MediaContentType0: "image/png" });
    expect(params.MessageSid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(mediaFromWebhook(params)).toEqual([{ url: "https://images.example/boiler.png", contentType: "image/png" }]);
  });

  it("retries a webhook answered 500 and reports the final 200, with one idempotency token", async () => {
    const { sim, receiver } = bed;
    receiver.answerNext(500);
    const result = await sim.inbound({ from: "+447700900002", body: "hello?" });
    expect(result).toMatchObject({ webhookStatus: 200, attempts: 2 });
    expect(receiver.received.map((webhook) => webhook.params.MessageSid)).toEqual([
      result.messageSid,
      result.messageSid,
    ]);
    expect(new Set(receiver.received.map((webhook) => webhook.headers["i-twilio-idempotency-token"])).size).toBe(1);
  });

  it("records a dropped message so the Messages API lists it, without sending its webhook", async () => {
    const { sim, receiver } = bed;
    const response = await fetch(`${sim.url}/sim/inbound?drop=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "+447700900003", profileName: "Lost", body: "did you get this?" }),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { messageSid: string; webhookStatus: number | null };
    expect(result.webhookStatus).toBeNull();
    expect(receiver.received).toEqual([]);

    const basic = Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64");
    const listed = await fetch(
      `${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json?From=${encodeURIComponent("whatsapp:+447700900003")}`,
      { headers: { authorization: `Basic ${basic}` } },
    );
    const page = (await listed.json()) as { messages: Array<Record<string, unknown>> };
    expect(page.messages).toEqual([
      expect.objectContaining({
        sid: result.messageSid,
        direction: "inbound",
        status: "received",
        body: "did you get this?",
        to: BUSINESS,
      }),
    ]);
  });

  it("answers 400 naming the problem when POST /sim/inbound has no valid customer number", async () => {
    const { sim, receiver } = bed;
    const response = await fetch(`${sim.url}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "not a number", body: "hi" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain("from");
    expect(receiver.received).toEqual([]);
  });
});
