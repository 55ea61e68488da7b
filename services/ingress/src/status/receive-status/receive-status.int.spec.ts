import { messageStatusSchema, messageStatusUpdatedSchema, webhookPaths } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  ENV_NUMBER,
  envChannelId,
  eventCount,
  ingressTestbed,
  postWebhook,
  putChannel,
  sid,
  storedEvents,
} from "../../test/ingress-harness.js";
import { EMPTY_TWIML } from "../../webhook/twiml.js";

const path = webhookPaths().status;

function statusParams(status: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    MessageSid: sid(),
    SmsSid: "",
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: ACCOUNT_SID,
    From: ENV_NUMBER,
    To: "whatsapp:+15557654321",
    ChannelToAddress: "+15557654321",
    ChannelPrefix: "whatsapp",
    ApiVersion: "2010-04-01",
    ...overrides,
  };
}

/** Every status Twilio sends on a message's status callback: contracts' statuses but the two of inbound messages. */
const TWILIO_STATUSES = messageStatusSchema.exclude(["receiving", "received"]).options;

describe("status callback webhook", () => {
  const bed = ingressTestbed();

  it("turns every status Twilio sends into a MessageStatusUpdated on the conversation's subject", async () => {
    const { nats, ingress } = bed;
    const messageSid = sid();
    for (const status of TWILIO_STATUSES) {
      const extra: Record<string, string> =
        status === "failed" || status === "undelivered"
          ? { ErrorCode: status === "failed" ? "63016" : "30008", ErrorMessage: "Outside the allowed window" }
          : {};
      const response = await postWebhook(ingress, statusParams(status, { MessageSid: messageSid, ...extra }), { path });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(EMPTY_TWIML);
    }
    const events = (await storedEvents(nats, ingress.keys)).filter(
      (s) => s.event.type === "MessageStatusUpdated" && s.event.messageSid === messageSid,
    );
    expect(events.map((s) => s.event.type === "MessageStatusUpdated" && s.event.status)).toEqual([...TWILIO_STATUSES]);
    for (const stored of events) {
      const event = messageStatusUpdatedSchema.parse(stored.event);
      expect(messageStatusSchema.options).toContain(event.status);
      expect(stored.subject).toBe(
        `${nats.names.namespace}.evt.p${nats.names.partitionOf(event.orgId)}.${event.orgId}.${event.conversationId}.status_updated`,
      );
      expect(stored.msgId).toBe(`st:${event.orgId}:${messageSid}:${event.status}`);
      expect(event).toMatchObject({ channelId: envChannelId, from: ENV_NUMBER, to: "whatsapp:+15557654321" });
    }
    const failed = events.find((s) => s.event.type === "MessageStatusUpdated" && s.event.status === "failed");
    expect(failed?.event).toMatchObject({ errorCode: "63016", errorMessage: "Outside the allowed window" });
    const delivered = events.find((s) => s.event.type === "MessageStatusUpdated" && s.event.status === "delivered");
    expect(delivered?.event).not.toHaveProperty("errorCode");
  });

  it("records a repeated status callback once", async () => {
    const { nats, ingress } = bed;
    const before = await eventCount(nats);
    const params = statusParams("delivered");
    const answers = await Promise.all([1, 2, 3].map(() => postWebhook(ingress, params, { path })));
    answers.push(await postWebhook(ingress, params, { path }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await eventCount(nats)).toBe(before + 1);
  });

  it("records the same MessageSid and status once per org, not once across orgs", async () => {
    const { nats, ingress } = bed;
    const number = "whatsapp:+4930123400012";
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, { number, authToken: "other-org-token" });
    const params = statusParams("delivered");
    expect((await postWebhook(ingress, params, { path })).status).toBe(200);
    let other: Response | undefined;
    for (let i = 0; i < 100 && other?.status !== 200; i++) {
      other = await postWebhook(ingress, { ...params, From: number }, { path, authToken: "other-org-token" });
      if (other.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(other?.status).toBe(200);
    const stored = (await storedEvents(nats, ingress.keys)).filter(
      (s) => s.event.type === "MessageStatusUpdated" && s.event.messageSid === params.MessageSid,
    );
    expect(new Set(stored.map((s) => s.event.orgId)).size).toBe(2);
  });

  it("answers 400 naming an unknown MessageStatus and appends nothing", async () => {
    const { nats, ingress } = bed;
    const before = await eventCount(nats);
    const response = await postWebhook(ingress, statusParams("exploded"), { path });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/MessageStatus/);
    expect(await eventCount(nats)).toBe(before);
  });

  it("answers a status callback from a number no channel has as it answers a bad signature", async () => {
    const { nats, ingress } = bed;
    const before = await eventCount(nats);
    const unknown = await postWebhook(ingress, statusParams("sent", { From: "whatsapp:+19998887777" }), { path });
    const unsigned = await postWebhook(ingress, statusParams("sent"), { path, signature: null });
    expect([unknown.status, await unknown.text()]).toEqual([unsigned.status, await unsigned.text()]);
    expect(unknown.status).toBe(403);
    expect(await eventCount(nats)).toBe(before);
  });

  it("answers 403 for a status callback signed for the inbound URL", async () => {
    const { nats, ingress } = bed;
    const before = await eventCount(nats);
    const response = await postWebhook(ingress, statusParams("sent"), {
      path,
      signedUrl: `http://localhost:3001${webhookPaths().inbound}`,
    });
    expect(response.status).toBe(403);
    expect(await eventCount(nats)).toBe(before);
  });
});
