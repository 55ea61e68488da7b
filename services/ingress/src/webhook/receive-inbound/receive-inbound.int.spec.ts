import { inboundMessageReceivedSchema, twilioSignature, webhookPaths } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import {
  ENV_NUMBER,
  ENV_TOKEN,
  envChannelId,
  eventCount,
  inboundParams,
  ingressTestbed,
  postWebhook,
  putChannel,
  startIngress,
  storedEvents,
} from "../../test/ingress-harness.js";
import { EMPTY_TWIML } from "../twiml.js";

describe("incoming-message webhook", () => {
  const bed = ingressTestbed();

  it("appends exactly one signed event on the conversation's subject and answers 200 with empty TwiML", async () => {
    const { nats, ingress } = bed;
    const before = await eventCount(nats);
    const params = inboundParams();
    const response = await postWebhook(ingress, params);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await response.text()).toBe(EMPTY_TWIML);

    expect(await eventCount(nats)).toBe(before + 1);
    const [stored] = (await storedEvents(nats, ingress.keys)).filter(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === params.MessageSid,
    );
    if (stored?.event.type !== "InboundMessageReceived") throw new Error("event not stored");
    const event = inboundMessageReceivedSchema.parse(stored.event);
    expect(stored.subject).toBe(
      `${nats.names.namespace}.evt.p${nats.names.partitionOf(event.orgId)}.${event.orgId}.${event.conversationId}.inbound_received`,
    );
    expect(stored.msgId).toBe(`in:${event.orgId}:${params.MessageSid}`);
    expect(event).toMatchObject({
      channelId: envChannelId,
      from: "whatsapp:+15551234567",
      to: ENV_NUMBER,
      body: "Hello there",
      profileName: "Ada",
      waId: "15551234567",
      numSegments: 1,
      media: [],
      extraParams: { SmsStatus: "received", ApiVersion: "2010-04-01" },
    });
    expect(event.twilioTimestamp).toBeUndefined();
    expect(Math.abs(Date.parse(event.receivedAt) - Date.now())).toBeLessThan(60_000);
  });

  it("records the same MessageSid once when Twilio sends it three times at once and three times in a row", async () => {
    const { nats, ingress } = bed;
    const before = await eventCount(nats);
    const params = inboundParams();
    const concurrent = await Promise.all([1, 2, 3].map(() => postWebhook(ingress, params)));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);
    for (let i = 0; i < 3; i++) {
      const again = await postWebhook(ingress, params);
      expect(again.status).toBe(200);
      expect(await again.text()).toBe(EMPTY_TWIML);
    }
    expect(await eventCount(nats)).toBe(before + 1);
  });

  it("stores a MessageSid once per org: another org's channel sending the same MessageSid is not a duplicate", async () => {
    const { nats, ingress } = bed;
    const number = "whatsapp:+4930123400011";
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, { number, authToken: "other-org-token" });
    const params = inboundParams();
    expect((await postWebhook(ingress, params)).status).toBe(200);
    let other: Response | undefined;
    for (let i = 0; i < 100 && other?.status !== 200; i++) {
      other = await postWebhook(ingress, { ...params, To: number }, { authToken: "other-org-token" });
      if (other.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(other?.status).toBe(200);
    const stored = (await storedEvents(nats, ingress.keys)).filter(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === params.MessageSid,
    );
    expect(new Set(stored.map((s) => s.event.orgId)).size).toBe(2);
  });

  it("keeps Twilio's Timestamp next to the time of receipt when one is sent", async () => {
    const { nats, ingress } = bed;
    const params = inboundParams({ Timestamp: "2026-01-02T03:04:05Z" });
    expect((await postWebhook(ingress, params)).status).toBe(200);
    const stored = (await storedEvents(nats, ingress.keys)).find(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === params.MessageSid,
    );
    expect(stored?.event).toMatchObject({ twilioTimestamp: "2026-01-02T03:04:05Z" });
  });

  it("makes a contact of a business-scoped user id as well as of a phone number", async () => {
    const { nats, ingress } = bed;
    const byId = inboundParams({ From: "whatsapp:BSUID.1a2b3c4d5e6f", WaId: "" });
    const byPhone = inboundParams({ From: "whatsapp:+447700900123" });
    for (const params of [byId, byPhone]) expect((await postWebhook(ingress, params)).status).toBe(200);
    const events = (await storedEvents(nats, ingress.keys)).map((s) => s.event);
    const idEvent = events.find((e) => e.type === "InboundMessageReceived" && e.messageSid === byId.MessageSid);
    const phoneEvent = events.find((e) => e.type === "InboundMessageReceived" && e.messageSid === byPhone.MessageSid);
    expect(idEvent).toMatchObject({ from: "whatsapp:BSUID.1a2b3c4d5e6f" });
    expect(phoneEvent).toMatchObject({ from: "whatsapp:+447700900123" });
    expect(idEvent?.type === "InboundMessageReceived" && idEvent.conversationId).not.toBe(
      phoneEvent?.type === "InboundMessageReceived" && phoneEvent.conversationId,
    );
  });

  it("records a message with an empty Body that carries media, a location or a button reply", async () => {
    const { nats, ingress } = bed;
    const media = inboundParams({
      Body: "",
      NumMedia: "2",
      MessageType: "image",
      MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1",
      MediaContentType0: "image/jpeg",
      MediaUrl1: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME2",
      MediaContentType1: "application/pdf",
    });
    const location = inboundParams({
      Body: "",
      MessageType: "location",
      Latitude: "52.52",
      Longitude: "13.405",
      Address: "Berlin",
      Label: "Office",
    });
    const button = inboundParams({
      Body: "",
      MessageType: "button",
      ButtonText: "Yes please",
      ButtonPayload: "confirm-42",
    });
    for (const params of [media, location, button]) expect((await postWebhook(ingress, params)).status).toBe(200);
    const bySid = new Map(
      (await storedEvents(nats, ingress.keys)).flatMap((s) =>
        s.event.type === "InboundMessageReceived" ? [[s.event.messageSid, s.event] as const] : [],
      ),
    );
    expect(bySid.get(media.MessageSid as string)).toMatchObject({
      body: "",
      media: [
        { url: media.MediaUrl0, contentType: "image/jpeg" },
        { url: media.MediaUrl1, contentType: "application/pdf" },
      ],
    });
    expect(bySid.get(location.MessageSid as string)).toMatchObject({
      body: "",
      location: { latitude: 52.52, longitude: 13.405, address: "Berlin", label: "Office" },
    });
    expect(bySid.get(button.MessageSid as string)).toMatchObject({
      body: "",
      button: { text: "Yes please", payload: "confirm-42" },
    });
  });

  it("accepts a request signed for the public URL although it arrives on localhost", async () => {
    const { nats } = bed;
    const behindProxy = await startIngress(nats, { PUBLIC_BASE_URL: "https://public.example/" });
    try {
      const params = inboundParams();
      const path = `${webhookPaths().inbound}?tenant=a%20b&x=1`;
      const signedUrl = `https://public.example${path}`;
      const accepted = await postWebhook(behindProxy, params, { path, signedUrl });
      expect(accepted.status).toBe(200);
      // What Twilio's validator also accepts: the same URL with the default port written out.
      const withPort = inboundParams();
      const portSigned = await postWebhook(behindProxy, withPort, {
        path,
        signedUrl: `https://public.example:443${path}`,
      });
      expect(portSigned.status).toBe(200);
      // Signed for the URL it really reached (the Host header's), not the public one: refused.
      const before = await eventCount(nats);
      const local = await postWebhook(behindProxy, inboundParams(), {
        path,
        signedUrl: `${behindProxy.baseUrl}${path}`,
      });
      expect(local.status).toBe(403);
      expect(await eventCount(nats)).toBe(before);
    } finally {
      await behindProxy.close();
    }
  });

  describe("refuses with 403 and appends nothing", () => {
    const cases: [string, (params: Record<string, string>) => Parameters<typeof postWebhook>[2]][] = [
      ["the signature is missing", () => ({ signature: null })],
      ["the signature is empty", () => ({ signature: "" })],
      ["the signature was made for another URL", () => ({ signedUrl: "http://localhost:3001/another/path" })],
      ["the signature was made with another token", () => ({ authToken: "not-the-channel-token" })],
      [
        "one param was changed after signing",
        (params) => ({
          signature: twilioSignature(ENV_TOKEN, `http://localhost:3001${webhookPaths().inbound}`, {
            ...params,
            Body: "something else",
          }),
        }),
      ],
      ["the signature is garbage", () => ({ signature: "!!!not base64 at all" })],
    ];
    for (const [when, options] of cases) {
      it(`when ${when}`, async () => {
        const { nats, ingress } = bed;
        const before = await eventCount(nats);
        const params = inboundParams();
        const response = await postWebhook(ingress, params, options(params));
        expect(response.status).toBe(403);
        expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
        expect(await response.text()).toMatch(/X-Twilio-Signature/);
        expect(await eventCount(nats)).toBe(before);
      });
    }
  });

  it("verifies with the resolved channel's own token, not the env channel's", async () => {
    const { nats, ingress } = bed;
    const number = "whatsapp:+4930123456789";
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, { number, authToken: "registry-channel-token" });
    const params = inboundParams({ To: number });
    const signedWithEnvToken = await postWebhook(ingress, params, { authToken: ENV_TOKEN });
    // The registry is watched, so the new channel may take a moment to arrive.
    expect([403, 404]).toContain(signedWithEnvToken.status);
    let accepted: Response | undefined;
    for (let i = 0; i < 100 && accepted?.status !== 200; i++) {
      accepted = await postWebhook(ingress, inboundParams({ To: number }), { authToken: "registry-channel-token" });
      if (accepted.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(accepted?.status).toBe(200);
    expect((await postWebhook(ingress, inboundParams({ To: number }), { authToken: ENV_TOKEN })).status).toBe(403);
  });

  // The penetration test listed connected numbers without any signature: 404 for an unknown number, 403 for ours.
  it("answers an unverifiable request the same whether its number is unknown, connected or disconnected", async () => {
    const { nats, ingress } = bed;
    const disconnected = "whatsapp:+4930999000222";
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, { number: disconnected, authToken: "gone", isActive: false });
    let signedToDisconnected: Response | undefined;
    for (let i = 0; i < 100 && signedToDisconnected?.status !== 410; i++) {
      signedToDisconnected = await postWebhook(ingress, inboundParams({ To: disconnected }), { authToken: "gone" });
      if (signedToDisconnected.status !== 410) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Signed with the channel's own token: the owner (Twilio) still learns it was disconnected.
    expect(signedToDisconnected?.status).toBe(410);

    const before = await eventCount(nats);
    const numbers = [ENV_NUMBER, disconnected, "whatsapp:+19999999999"];
    const probes: Parameters<typeof postWebhook>[2][] = [
      { signature: null },
      { signature: "!!!not base64 at all" },
      { authToken: "a-guessed-token" },
    ];
    const answers = new Set<string>();
    for (const number of numbers) {
      for (const probe of probes) {
        const response = await postWebhook(ingress, inboundParams({ To: number }), probe);
        answers.add(`${response.status} ${response.headers.get("content-type")} ${await response.text()}`);
      }
    }
    expect([...answers]).toEqual([
      "403 text/plain; charset=utf-8 X-Twilio-Signature is missing or does not match this request\n",
    ]);
    expect(await eventCount(nats)).toBe(before);
  });

  it("answers 410 and appends nothing for a channel that was disconnected, without falling back to the env channel", async () => {
    const { nats, ingress } = bed;
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, { number: ENV_NUMBER, authToken: ENV_TOKEN, isActive: false });
    try {
      const before = await eventCount(nats);
      let response: Response | undefined;
      for (let i = 0; i < 100 && response?.status !== 410; i++) {
        response = await postWebhook(ingress, inboundParams());
        if (response.status !== 410) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(response?.status).toBe(410);
      // Until the watch delivered the record, the env channel may have accepted some.
      const afterRefusal = await eventCount(nats);
      expect((await postWebhook(ingress, inboundParams())).status).toBe(410);
      expect(await eventCount(nats)).toBe(afterRefusal);
      expect(afterRefusal).toBeGreaterThanOrEqual(before);
    } finally {
      await nats.kv.delete(`twilio_whatsapp.${ENV_NUMBER.replace(/\D/g, "")}`);
    }
  });

  it("answers 503 with Retry-After when the channel's token cannot be opened, so Twilio retries", async () => {
    const { nats, ingress } = bed;
    const number = "whatsapp:+4930555000111";
    await putChannel(nats, Buffer.alloc(32, 7), { number, authToken: "sealed-with-another-key" });
    const before = await eventCount(nats);
    let response: Response | undefined;
    for (let i = 0; i < 100 && response?.status !== 503; i++) {
      response = await postWebhook(ingress, inboundParams({ To: number }), { authToken: "sealed-with-another-key" });
      if (response.status !== 503) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(response?.status).toBe(503);
    expect(response?.headers.get("retry-after")).toBe("1");
    expect(await eventCount(nats)).toBe(before);
  });
});
