import { webhookPaths } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { WHATSAPP_WINDOW_MS } from "../index.js";
import { simControl } from "./index.js";
import { simTwilioClient } from "./sim-twilio-client.js";
import { simWithReceiver } from "./sim-with-receiver.js";

const ACCOUNT = { accountSid: `AC${"3d".repeat(16)}`, authToken: "2e".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900061";

describe("simControl: the simulator driven over HTTP, as from another process", () => {
  const bed = simWithReceiver((receiver) => ({
    accounts: [ACCOUNT],
    numbers: [BUSINESS],
    statusDelayMs: 1,
    inboundWebhookUrl: `${receiver.url}${webhookPaths().inbound}`,
  }));

  it("sends each kind of customer message, moves the clock, ages a customer and decides an approval", async () => {
    const control = simControl(bed.sim.url);
    const client = simTwilioClient(bed.sim.url, ACCOUNT);
    await control.configure({ enforceWhatsAppWindow: true, approvalDelayMs: 3_600_000 });

    const located = await control.inbound({ from: ADA, location: { latitude: 1.5, longitude: 2.5, label: "Shop" } });
    expect(bed.receiver.received.at(-1)?.params).toMatchObject({ MessageType: "location", Label: "Shop" });
    await control.inbound({ from: ADA, body: "Yes", button: { text: "Yes" }, replyTo: located.messageSid });
    expect(bed.receiver.received.at(-1)?.params).toMatchObject({
      MessageType: "button",
      OriginalRepliedMessageSid: located.messageSid,
    });

    const open = await client.messages.create({ from: BUSINESS, to: ADA, body: "in the window" });
    await control.advanceClock(WHATSAPP_WINDOW_MS);
    const closed = await client.messages.create({ from: BUSINESS, to: ADA, body: "after a day" });
    await control.inbound({ from: ADA, body: "hello again" });
    await control.ageCustomer(ADA, WHATSAPP_WINDOW_MS);
    const aged = await client.messages.create({ from: BUSINESS, to: ADA, body: "aged" });
    await expect
      .poll(async () => (await control.sentMessages(ADA)).map((message) => [message.sid, message.errorCode]))
      .toEqual([
        [open.sid, null],
        [closed.sid, 63016],
        [aged.sid, 63016],
      ]);

    const created = await client.content.v1.contents.create({
      language: "en",
      types: { "twilio/text": { body: "Hi {{1}}" } },
    } as never);
    await client.content.v1.contents(created.sid).approvalCreate.create({ name: "hi_there", category: "UTILITY" });
    expect((await client.content.v1.contents(created.sid).approvalFetch().fetch()).whatsapp).toMatchObject({
      status: "received",
    });
    await control.decideApproval(created.sid, "approved");
    expect((await client.content.v1.contents(created.sid).approvalFetch().fetch()).whatsapp).toMatchObject({
      status: "approved",
    });
    await expect(control.decideApproval(`HX${"0".repeat(32)}`, "approved")).rejects.toThrow(/404/);
    expect((await control.conversation(ADA)).length).toBe(6);
  });
});
