import { conversationIdFor, renderTemplate } from "@cloudpa/contracts";
import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_NUMBER, type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

const REMINDER = "Hi {{1}}, a reminder of your appointment on {{2}} at {{3}}. Reply here to confirm or to move it.";
const variables = { "1": "Grace", "2": "Friday", "3": "9:30" };

describe("outbound: WhatsApp templates through the Twilio simulator", () => {
  let fixture: OutboundFixture;
  beforeAll(async () => {
    fixture = await outboundFixture();
    // Twilio's own rule, enforced by the simulator: free text to a silent customer fails later with 63016.
    fixture.sim.configure({ enforceWhatsAppWindow: true });
  });
  afterAll(() => fixture?.close());

  const templateReply = (conversationId: string, extra: object = {}) => ({
    ...fixture.sendReply(conversationId, renderTemplate(REMINDER, variables)),
    template: { contentSid: fixture.sim.demoTemplateSid("appointment_reminder"), variables },
    ...extra,
  });

  it("sends a template to a closed window as ContentSid + ContentVariables; Twilio renders it, ReplySent records sid, variables and text", async () => {
    const customer = "whatsapp:+15550002001";
    const conversationId = await fixture.customerWrote(customer, 30);
    const command = templateReply(conversationId);
    await fixture.publish(command);

    const outcome = await fixture.outcomeOf(command);
    const sent = fixture.sim.sentMessages().find((message) => message.to === customer);
    expect(sent).toMatchObject({
      contentSid: command.template.contentSid,
      body: "Hi Grace, a reminder of your appointment on Friday at 9:30. Reply here to confirm or to move it.",
      from: CHANNEL_NUMBER,
    });
    expect(outcome).toMatchObject({
      type: "ReplySent",
      messageSid: sent?.sid,
      template: command.template,
      body: sent?.body,
      to: customer,
    });
    // Delivered, not failed 63016: WhatsApp takes a template whatever the window.
    await waitFor(() => fixture.sim.sentMessages().find((m) => m.sid === sent?.sid && m.status === "read"), {
      what: "the template read",
    });
  });

  it("still refuses free text to the same closed window without calling Twilio", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550002002", 30);
    const before = fixture.sim.sentMessages().length;
    const command = fixture.sendReply(conversationId, "are you there?");
    await fixture.publish(command);
    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplyFailed", reason: "window_closed" });
    expect(fixture.sim.sentMessages()).toHaveLength(before);
  });

  it("starts a conversation with a number that never wrote, then sends it a second template without a recipient", async () => {
    const customer = "whatsapp:+15550002003";
    const conversationId = conversationIdFor(fixture.channelId, customer);
    const first = templateReply(conversationId, {
      recipient: { channelId: fixture.channelId, from: CHANNEL_NUMBER, to: customer },
    });
    await fixture.publish(first);
    expect(await fixture.outcomeOf(first)).toMatchObject({
      type: "ReplySent",
      conversationId,
      channelId: fixture.channelId,
      from: CHANNEL_NUMBER,
      to: customer,
    });
    const second = templateReply(conversationId);
    await fixture.publish(second);
    expect(await fixture.outcomeOf(second)).toMatchObject({ type: "ReplySent", to: customer });
    expect(fixture.sim.sentMessages().filter((message) => message.to === customer)).toHaveLength(2);
  });

  it("records a first template Twilio refuses with its channel, customer and template, so the inbox can make its conversation and show what was tried", async () => {
    const customer = "whatsapp:+15550002004";
    const conversationId = conversationIdFor(fixture.channelId, customer);
    const first = {
      ...templateReply(conversationId, {
        recipient: { channelId: fixture.channelId, from: CHANNEL_NUMBER, to: customer },
      }),
      // A Content SID the account does not have: Twilio refuses it (21655).
      template: { contentSid: `HX${"0f".repeat(16)}`, variables },
    };
    await fixture.publish(first);
    expect(await fixture.outcomeOf(first)).toMatchObject({
      type: "ReplyFailed",
      reason: "twilio_error",
      errorCode: "21655",
      conversationId,
      channelId: fixture.channelId,
      from: CHANNEL_NUMBER,
      to: customer,
      // What the freelancer tried to send, as ReplySent would record it: the inbox shows it as the template.
      template: first.template,
      body: "Hi Grace, a reminder of your appointment on Friday at 9:30. Reply here to confirm or to move it.",
    });
  });
});
