import { TWILIO_RETRY_OVERRIDES, twilioStatusCallbackSchema } from "@cloudpa/contracts";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { simWithReceiver } from "../testing/sim-with-receiver.js";

const ACCOUNT = { accountSid: `AC${"e5".repeat(16)}`, authToken: "f6".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900001";
const STATUS_PATH = "/api/v1/messaging/webhook/whatsapp/status";

describe("status callbacks", () => {
  const bed = simWithReceiver(() => ({ accounts: [ACCOUNT], numbers: [BUSINESS], statusDelayMs: 1 }));

  async function send(statusCallback = `${bed.receiver.url}${STATUS_PATH}${TWILIO_RETRY_OVERRIDES}`): Promise<string> {
    const { sim } = bed;
    const basic = Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64");
    const response = await fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        From: BUSINESS,
        To: ADA,
        Body: "Your quote is ready",
        StatusCallback: statusCallback,
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { sid: string }).sid;
  }

  const statusesReceived = () => bed.receiver.received.map((webhook) => webhook.params.MessageStatus);

  it("sends queued, sent, delivered, read in order, each signed so that twilio's own validator accepts it", async () => {
    const { sim, receiver } = bed;
    const sid = await send();
    await expect.poll(() => receiver.received.length).toBe(4);
    expect(statusesReceived()).toEqual(["queued", "sent", "delivered", "read"]);
    for (const webhook of receiver.received) {
      const signature = webhook.headers["x-twilio-signature"];
      expect(typeof signature).toBe("string");
      expect(
        twilio.validateRequest(ACCOUNT.authToken, signature as string, `${receiver.url}${STATUS_PATH}`, webhook.params),
      ).toBe(true);
      expect(
        twilio.validateRequest("another token", signature as string, `${receiver.url}${STATUS_PATH}`, webhook.params),
      ).toBe(false);
      expect(webhook.path).toBe(STATUS_PATH);
      expect(webhook.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(twilioStatusCallbackSchema.parse(webhook.params)).toMatchObject({
        MessageSid: sid,
        AccountSid: ACCOUNT.accountSid,
        From: BUSINESS,
        To: ADA,
        ApiVersion: "2010-04-01",
        ChannelToAddress: "+447700900001",
      });
      expect(webhook.params).toMatchObject({
        SmsSid: sid,
        SmsStatus: webhook.params.MessageStatus,
        ChannelPrefix: "whatsapp",
      });
      expect(webhook.params.ChannelInstallSid).toMatch(/^XE[0-9a-f]{32}$/);
      expect(webhook.params.ErrorCode).toBeUndefined();
    }
    expect(receiver.received[3]?.params.EventType).toBe("READ");
    expect(sim.sentMessages()[0]?.status).toBe("read");
  });

  it("sends every status in a shuffled order in shuffle mode, while the message still ends read", async () => {
    const { sim, receiver } = bed;
    sim.configure({ statusMode: "shuffle" });
    await send();
    await expect.poll(() => receiver.received.length).toBe(4);
    expect([...statusesReceived()].sort()).toEqual(["delivered", "queued", "read", "sent"]);
    expect(statusesReceived()).not.toEqual(["queued", "sent", "delivered", "read"]);
    await expect.poll(() => sim.sentMessages()[0]?.status).toBe("read");
  });

  it("sends every status twice in duplicate mode, each copy signed", async () => {
    const { sim, receiver } = bed;
    sim.configure({ statusMode: "duplicate" });
    await send();
    await expect.poll(() => receiver.received.length).toBe(8);
    expect(statusesReceived()).toEqual(["queued", "queued", "sent", "sent", "delivered", "delivered", "read", "read"]);
    for (const webhook of receiver.received) {
      const signature = webhook.headers["x-twilio-signature"] as string;
      expect(
        twilio.validateRequest(ACCOUNT.authToken, signature, `${receiver.url}${STATUS_PATH}`, webhook.params),
      ).toBe(true);
    }
  });

  it("still sends every status in order in delay mode", async () => {
    const { sim, receiver } = bed;
    sim.configure({ statusMode: "delay", lateStatusMs: 30 });
    await send();
    await expect.poll(() => receiver.received.length).toBe(4);
    expect(statusesReceived()).toEqual(["queued", "sent", "delivered", "read"]);
  });

  it("ends in failed with ErrorCode 63016, or undelivered with 30008, when those failures were chosen", async () => {
    const { sim, receiver } = bed;
    sim.configure({ failSends: [63016, 30008] });
    const failed = await send();
    const undelivered = await send();
    await expect.poll(() => receiver.received.length).toBe(5);
    const of = (sid: string) =>
      receiver.received.filter((webhook) => webhook.params.MessageSid === sid).map((webhook) => webhook.params);
    expect(of(failed).map((params) => [params.MessageStatus, params.ErrorCode])).toEqual([
      ["queued", undefined],
      ["failed", "63016"],
    ]);
    expect(of(undelivered).map((params) => [params.MessageStatus, params.ErrorCode])).toEqual([
      ["queued", undefined],
      ["sent", undefined],
      ["undelivered", "30008"],
    ]);
  });

  it("retries a callback answered 500 as the URL's #rc=3&rp=all asks, with the same idempotency token", async () => {
    const { sim, receiver } = bed;
    receiver.answerNext(500, 503);
    const sid = await send();
    await expect.poll(() => statusesReceived().filter((status) => status === "read").length).toBe(1);
    const queued = receiver.received.filter((webhook) => webhook.params.MessageStatus === "queued");
    expect(queued).toHaveLength(3);
    const tokens = new Set(queued.map((webhook) => webhook.headers["i-twilio-idempotency-token"]));
    expect(tokens.size).toBe(1);
    expect(
      sim.statusCallbacks().find((report) => report.messageSid === sid && report.status === "queued")?.delivery,
    ).toEqual({
      status: 200,
      attempts: 3,
    });
  });

  it("does not retry a 500 when the URL carries no overrides (Twilio retries connection failures only)", async () => {
    const { receiver } = bed;
    receiver.answerNext(500);
    await send(`${receiver.url}${STATUS_PATH}`);
    await expect.poll(() => receiver.received.length).toBe(4);
    expect(statusesReceived()).toEqual(["queued", "sent", "delivered", "read"]);
  });

  it("retries a callback that times out when the overrides ask for read-timeout retries", async () => {
    const { sim, receiver } = bed;
    receiver.answerNext("hang");
    const sid = await send(`${receiver.url}${STATUS_PATH}#rt=200&rc=2&rp=rt`);
    await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(5);
    expect(
      sim.statusCallbacks().find((report) => report.messageSid === sid && report.status === "queued")?.delivery,
    ).toEqual({
      status: 200,
      attempts: 2,
    });
  });

  it("abandons a hanging callback and sends no more for that message once reset", async () => {
    const { sim, receiver } = bed;
    receiver.answerNext("hang");
    const abandoned = await send(`${receiver.url}${STATUS_PATH}`);
    await expect.poll(() => receiver.received.length).toBe(1);
    sim.reset();
    const next = await send();
    await expect.poll(() => statusesReceived().filter((status) => status === "read").length).toBe(1);
    expect(receiver.received.filter((webhook) => webhook.params.MessageSid === abandoned)).toHaveLength(1);
    expect(receiver.received.filter((webhook) => webhook.params.MessageSid === next)).toHaveLength(4);
    expect(sim.sentMessages().map((message) => message.sid)).toEqual([next]);
  });
});
