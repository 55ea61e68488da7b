import { webhookPaths } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { simTwilioClient } from "../testing/sim-twilio-client.js";
import { simWithReceiver } from "../testing/sim-with-receiver.js";

const ACCOUNT = { accountSid: `AC${"d3".repeat(16)}`, authToken: "e4".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900031";
const basic = `Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64")}`;

describe("every kind of WhatsApp message a customer sends", () => {
  const bed = simWithReceiver((receiver) => ({
    accounts: [ACCOUNT],
    numbers: [BUSINESS],
    statusDelayMs: 1,
    inboundWebhookUrl: `${receiver.url}${webhookPaths().inbound}`,
  }));
  const lastParams = () => bed.receiver.received.at(-1)?.params ?? {};

  it("shares a location with Latitude, Longitude, Address and Label", async () => {
    await bed.sim.inbound({
      from: ADA,
      location: { latitude: 51.5033635, longitude: -0.1276248, address: "10 Downing St, London", label: "Home" },
    });
    expect(lastParams()).toMatchObject({
      MessageType: "location",
      Latitude: "51.5033635",
      Longitude: "-0.1276248",
      Address: "10 Downing St, London",
      Label: "Home",
      NumMedia: "0",
      Body: "",
    });
  });

  it("shares a contact as a text/vcard media item, MessageType contacts", async () => {
    await bed.sim.inbound({ from: ADA, contact: { name: "Grace Hopper", phones: ["+447700900099"] } });
    const params = lastParams();
    expect(params).toMatchObject({ MessageType: "contacts", NumMedia: "1", MediaContentType0: "text/vcard" });
    const vcard = await (await fetch(params.MediaUrl0 as string, { headers: { authorization: basic } })).text();
    expect(vcard).toContain("FN:Grace Hopper");
    expect(vcard).toContain("TEL;type=CELL;waid=447700900099:+447700900099");
  });

  it("taps a template's quick reply (MessageType button) quoting the template, with OriginalRepliedMessage*", async () => {
    const client = simTwilioClient(bed.sim.url, ACCOUNT);
    const template = await client.messages.create({
      from: BUSINESS,
      to: ADA,
      contentSid: bed.sim.demoTemplateSid("appointment_reminder"),
      contentVariables: JSON.stringify({ "1": "Ada", "2": "Friday", "3": "10:00" }),
    });
    await bed.sim.inbound({
      from: ADA,
      body: "Confirm",
      button: { text: "Confirm", payload: "confirm_booking" },
      replyTo: template.sid,
    });
    expect(lastParams()).toMatchObject({
      MessageType: "button",
      ButtonText: "Confirm",
      ButtonPayload: "confirm_booking",
      Body: "Confirm",
      OriginalRepliedMessageSid: template.sid,
      OriginalRepliedMessageSender: BUSINESS,
    });
    await bed.sim.inbound({ from: ADA, body: "Yes", button: { text: "Yes", messageType: "interactive" } });
    expect(lastParams()).toMatchObject({ MessageType: "interactive", ButtonText: "Yes", ButtonPayload: "Yes" });
  });

  it("replies quoting an earlier message of its own, and sends a sticker as image/webp", async () => {
    const first = await bed.sim.inbound({ from: ADA, body: "Is Tuesday ok?" });
    await bed.sim.inbound({ from: ADA, body: "Or Wednesday", replyTo: first.messageSid });
    expect(lastParams()).toMatchObject({
      MessageType: "text",
      OriginalRepliedMessageSid: first.messageSid,
      OriginalRepliedMessageSender: ADA,
    });
    await bed.sim.inbound({ from: ADA, sticker: {} });
    expect(lastParams()).toMatchObject({ MessageType: "sticker", NumMedia: "1", MediaContentType0: "image/webp" });
    const sticker = await fetch(lastParams().MediaUrl0 as string, { headers: { authorization: basic } });
    expect(
      Buffer.from(await sticker.arrayBuffer())
        .subarray(8, 12)
        .toString(),
    ).toBe("WEBP");
  });

  it("takes each kind over POST /sim/inbound too, and shows it in the phone's conversation", async () => {
    const response = await fetch(`${bed.sim.url}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: ADA, location: { latitude: 48.8584, longitude: 2.2945, label: "Tour Eiffel" } }),
    });
    expect(response.status).toBe(200);
    expect(lastParams()).toMatchObject({ MessageType: "location", Label: "Tour Eiffel" });
    const conversation = (await (
      await fetch(`${bed.sim.url}/sim/conversation?customer=${encodeURIComponent(ADA)}`)
    ).json()) as {
      messages: Array<{ extraParams: Record<string, string> }>;
    };
    expect(conversation.messages.at(-1)?.extraParams).toMatchObject({ Latitude: "48.8584", Label: "Tour Eiffel" });
    const bad = await fetch(`${bed.sim.url}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: ADA, location: { latitude: 123, longitude: 0 } }),
    });
    expect(bad.status).toBe(400);
  });
});
