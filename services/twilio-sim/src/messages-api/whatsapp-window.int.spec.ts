import { webhookPaths } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { WHATSAPP_WINDOW_MS } from "../index.js";
import { simTwilioClient } from "../testing/sim-twilio-client.js";
import { simWithReceiver } from "../testing/sim-with-receiver.js";

const ACCOUNT = { accountSid: `AC${"9c".repeat(16)}`, authToken: "ad".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900011";

describe("WhatsApp's 24-hour window and template sends", () => {
  const bed = simWithReceiver((receiver) => ({
    accounts: [ACCOUNT],
    numbers: [BUSINESS],
    statusDelayMs: 1,
    enforceWhatsAppWindow: true,
    inboundWebhookUrl: `${receiver.url}${webhookPaths().inbound}`,
  }));
  const statusCallback = () => `${bed.receiver.url}/status`;
  const callbacksOf = (sid: string) =>
    bed.receiver.received.filter((webhook) => webhook.path === "/status" && webhook.params.MessageSid === sid);

  it("accepts free text to a customer who never wrote, then fails it with 63016 in the status callback", async () => {
    const client = simTwilioClient(bed.sim.url, ACCOUNT);
    const sent = await client.messages.create({
      from: BUSINESS,
      to: ADA,
      body: "Hello?",
      statusCallback: statusCallback(),
    });
    expect(sent.status).toBe("queued");
    await expect
      .poll(() => callbacksOf(sent.sid).map((webhook) => webhook.params.MessageStatus))
      .toEqual(["queued", "failed"]);
    expect(callbacksOf(sent.sid).at(-1)?.params.ErrorCode).toBe("63016");
    expect(await client.messages(sent.sid).fetch()).toMatchObject({ status: "failed", errorCode: 63016 });
  });

  it("delivers free text within 24 hours of the customer's message and fails it once the window has closed", async () => {
    const client = simTwilioClient(bed.sim.url, ACCOUNT);
    await bed.sim.inbound({ from: ADA, body: "Hi, are you free Tuesday?" });
    const inWindow = await client.messages.create({ from: BUSINESS, to: ADA, body: "Yes!" });
    await expect.poll(async () => (await client.messages(inWindow.sid).fetch()).status).toBe("read");

    bed.sim.advanceClock(WHATSAPP_WINDOW_MS + 1000);
    const late = await client.messages.create({ from: BUSINESS, to: ADA, body: "Still there?" });
    await expect.poll(async () => (await client.messages(late.sid).fetch()).errorCode).toBe(63016);

    await bed.sim.inbound({ from: ADA, body: "Back again" });
    bed.sim.ageCustomer(ADA, WHATSAPP_WINDOW_MS);
    const aged = await client.messages.create({ from: BUSINESS, to: ADA, body: "Aged out" });
    await expect.poll(async () => (await client.messages(aged.sid).fetch()).status).toBe("failed");
  });

  it("sends an approved template outside the window, rendered with its ContentVariables", async () => {
    const client = simTwilioClient(bed.sim.url, ACCOUNT);
    const sent = await client.messages.create({
      from: BUSINESS,
      to: ADA,
      contentSid: bed.sim.demoTemplateSid("appointment_reminder"),
      contentVariables: JSON.stringify({ "1": "Ada", "2": "Friday 3 July", "3": "09:30" }),
    });
    expect(sent.body).toBe(
      "Hi Ada, a reminder of your appointment on Friday 3 July at 09:30. Reply here to confirm or to move it.",
    );
    await expect.poll(async () => (await client.messages(sent.sid).fetch()).status).toBe("read");
    expect(bed.sim.sentMessages()[0]).toMatchObject({ body: sent.body });

    // Not yet approved for WhatsApp: it goes as free text would, and fails outside the window.
    const pending = await client.messages.create({
      from: BUSINESS,
      to: ADA,
      contentSid: bed.sim.demoTemplateSid("seasonal_offer"),
      contentVariables: JSON.stringify({ "1": "Ada" }),
    });
    expect(pending.body).toBe("Hi Ada, this month every service booked gets 10% off. Reply to book yours.");
    await expect.poll(async () => (await client.messages(pending.sid).fetch()).errorCode).toBe(63016);
  });
});
