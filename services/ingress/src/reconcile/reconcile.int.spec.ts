import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { legacyInboundMsgIdOf, webhookPaths, webhookUrlsFor } from "@cloudpa/contracts";
import { createLogger } from "@cloudpa/kit";
import { appendLegacy, type TestNats, testNats } from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  ENV_NUMBER,
  ENV_TOKEN,
  eventCount,
  type Ingress,
  putChannel,
  startIngress,
  storedEvents,
} from "../test/ingress-harness.js";
import { reconcile } from "./reconcile.js";

const photo = { contentType: "image/jpeg", dataBase64: Buffer.from("jpeg bytes").toString("base64") };
const SECOND_NUMBER = "whatsapp:+4915112345678";
const SECOND_ACCOUNT = `AC${"2".repeat(32)}`;
const SECOND_TOKEN = "second-account-token";

describe("reconcile after lost webhooks", () => {
  let nats: TestNats;
  let ingress: Ingress;
  let sim: TwilioSim;
  let secondSim: TwilioSim;
  const logger = createLogger("reconcile-test", "silent");

  beforeAll(async () => {
    nats = await testNats();
    ingress = await startIngress(nats);
    const inboundWebhookUrl = `${ingress.baseUrl}${webhookPaths().inbound}${webhookUrlsFor("http://x").inbound.slice(
      "http://x".length + webhookPaths().inbound.length,
    )}`;
    sim = await startTwilioSim({
      accounts: [{ accountSid: ACCOUNT_SID, authToken: ENV_TOKEN }],
      numbers: [ENV_NUMBER],
      inboundWebhookUrl,
      signingUrlBase: ingress.env.PUBLIC_BASE_URL,
    });
    ingress.env.TWILIO_API_BASE_URL = sim.url;
  });
  afterAll(async () => {
    await sim?.close();
    await secondSim?.close();
    await ingress?.close();
    await nats?.cleanup();
  });

  function inboundSids() {
    return storedEvents(nats, ingress.keys).then((events) =>
      events.flatMap((s) => (s.event.type === "InboundMessageReceived" ? [s.event.messageSid] : [])),
    );
  }

  it("appends exactly the messages whose webhooks were lost, and a second run adds nothing", async () => {
    const delivered = await sim.inbound({ from: "+15550001111", profileName: "Ada", body: "this one arrived" });
    expect(delivered.webhookStatus).toBe(200);
    const lostA = await sim.inbound({ from: "+15550001111", body: "lost in the outage", drop: true });
    const lostB = await sim.inbound({ from: "+15550002222", body: "also lost", drop: true });
    expect(await inboundSids()).toEqual([delivered.messageSid]);

    const first = await reconcile(ingress.env, new Date(Date.now() - 60 * 60 * 1000), logger);
    expect(first.missing).toBe(2);
    expect(first.appended).toBe(2);
    expect(first.channels).toEqual([
      expect.objectContaining({ number: ENV_NUMBER, listed: 3, missing: 2, appended: 2 }),
    ]);
    expect((await inboundSids()).sort()).toEqual([delivered.messageSid, lostA.messageSid, lostB.messageSid].sort());

    const reconciled = (await storedEvents(nats, ingress.keys)).find(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === lostA.messageSid,
    );
    const webhooked = (await storedEvents(nats, ingress.keys)).find(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === delivered.messageSid,
    );
    expect(reconciled?.event).toMatchObject({
      body: "lost in the outage",
      from: "whatsapp:+15550001111",
      to: ENV_NUMBER,
    });
    // The same customer's messages land in one conversation, whichever way they arrived.
    expect(reconciled?.subject).toBe(webhooked?.subject);
    expect(reconciled?.msgId).toBe(`in:${reconciled?.event.orgId}:${lostA.messageSid}`);

    const countAfterFirst = await eventCount(nats);
    const second = await reconcile(ingress.env, new Date(Date.now() - 60 * 60 * 1000), logger);
    // "missing" comes from reading the stream, not from JetStream's duplicate window.
    expect(second.missing).toBe(0);
    expect(second.appended).toBe(0);
    expect(await eventCount(nats)).toBe(countAfterFirst);
  });

  it("leaves out messages from before --since", async () => {
    const before = await eventCount(nats);
    await sim.inbound({ from: "+15550003333", body: "lost", drop: true });
    const future = await reconcile(ingress.env, new Date(Date.now() + 60 * 60 * 1000), logger);
    expect(future.channels[0]).toMatchObject({ listed: 0, missing: 0 });
    expect(await eventCount(nats)).toBe(before);
  });

  it("counts a message stored on its subject from before partitions as stored (decision 019)", async () => {
    const delivered = await sim.inbound({ from: "+15550004444", body: "stored before partitions" });
    const ofDelivered = async () =>
      (await storedEvents(nats, ingress.keys)).filter(
        (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === delivered.messageSid,
      );
    const [stored] = await ofDelivered();
    if (stored?.event.type !== "InboundMessageReceived") throw new Error("the delivered message is not stored");
    // Stored again as a producer from before partitions (and before decision 006) stored it.
    await nats.jsm.streams.deleteMessage(nats.names.eventsStream, stored.seq);
    await appendLegacy(nats.js, nats.names, stored.event, ingress.keys.signing.ingress, {
      msgId: legacyInboundMsgIdOf(stored.event),
    });

    await reconcile(ingress.env, new Date(Date.now() - 60 * 60 * 1000), logger);
    const after = await ofDelivered();
    expect(after).toHaveLength(1);
    expect(after[0]?.subject).toBe(
      nats.names.legacyConversationEventSubject(stored.event.orgId, stored.event.conversationId, "inbound_received"),
    );
  });

  it("reconciles every active channel of the registry with its own account, and skips disconnected ones", async () => {
    secondSim = await startTwilioSim({
      accounts: [{ accountSid: SECOND_ACCOUNT, authToken: SECOND_TOKEN }],
      numbers: [SECOND_NUMBER],
    });
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, {
      number: SECOND_NUMBER,
      authToken: SECOND_TOKEN,
      accountSid: SECOND_ACCOUNT,
    });
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, {
      number: "whatsapp:+4915199999999",
      authToken: "gone",
      accountSid: SECOND_ACCOUNT,
      isActive: false,
    });
    const lost = await secondSim.inbound({ from: "+15550004444", to: SECOND_NUMBER, body: "to the second number" });
    const env = { ...ingress.env, TWILIO_API_BASE_URL: secondSim.url, TWILIO_AUTH_TOKEN: undefined };
    const result = await reconcile(env, new Date(Date.now() - 60 * 60 * 1000), logger);
    expect(result.channels.map((c) => c.number)).toEqual([SECOND_NUMBER]);
    expect(result).toMatchObject({ missing: 1, appended: 1 });
    expect(await inboundSids()).toContain(lost.messageSid);
  });

  it("follows the Messages API's pages", async () => {
    const lost = [];
    for (let i = 0; i < 5; i++)
      lost.push(await sim.inbound({ from: `+1555000880${i}`, body: `lost ${i}`, drop: true }));
    const result = await reconcile(
      { ...ingress.env, TWILIO_API_BASE_URL: sim.url },
      new Date(Date.now() - 60 * 60 * 1000),
      logger,
      { pageSize: 2 },
    );
    const sids = await inboundSids();
    for (const message of lost) expect(sids).toContain(message.messageSid);
    expect(result.channels.find((c) => c.number === ENV_NUMBER)?.missing).toBeGreaterThanOrEqual(5);
  });

  it("reports a channel whose account Twilio refuses as skipped, and still reconciles the others", async () => {
    await putChannel(nats, ingress.env.CREDENTIALS_KEY, {
      number: "whatsapp:+4915177777777",
      authToken: "wrong-token",
      accountSid: `AC${"9".repeat(32)}`,
    });
    const lost = await sim.inbound({ from: "+15550009999", body: "lost again", drop: true });
    const result = await reconcile(
      { ...ingress.env, TWILIO_API_BASE_URL: sim.url },
      new Date(Date.now() - 60 * 60 * 1000),
      logger,
    );
    const refused = result.channels.find((c) => c.number === "whatsapp:+4915177777777");
    expect(refused?.skipped).toBeTruthy();
    expect(result.channels.find((c) => c.number === ENV_NUMBER)).toMatchObject({ missing: 1, appended: 1 });
    expect(await inboundSids()).toContain(lost.messageSid);
  });

  it("appends a lost message with its media as Twilio's Media list names it", async () => {
    const lost = await sim.inbound({
      from: "+15550001313",
      body: "",
      // A photo the customer attaches: Twilio keeps it as the message's Media resource.
      media: [photo],
      drop: true,
    });
    const result = await reconcile(
      { ...ingress.env, TWILIO_API_BASE_URL: sim.url },
      new Date(Date.now() - 60 * 60 * 1000),
      logger,
    );
    expect(result.channels.find((c) => c.number === ENV_NUMBER)).toMatchObject({ missing: 1, appended: 1, failed: 0 });
    const stored = (await storedEvents(nats, ingress.keys)).find(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === lost.messageSid,
    );
    // As the webhook's MediaUrl0 would have been: the Media resource on api.twilio.com, without `.json`.
    expect(stored?.event).toMatchObject({
      media: [
        {
          url: expect.stringMatching(
            new RegExp(
              `^https://api\\.twilio\\.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${lost.messageSid}/Media/ME[0-9a-f]{32}$`,
            ),
          ),
          contentType: "image/jpeg",
        },
      ],
    });
  });

  it("leaves a lost message whose media cannot be listed for the next run instead of appending it without", async () => {
    // Twilio answers everything but the Media list, which fails (503) as in a partial outage.
    const twilio = await mediaListFailing(sim.url);
    try {
      const before = await eventCount(nats);
      const lost = await sim.inbound({
        from: "+15550001212",
        body: "",
        media: [photo],
        drop: true,
      });
      const since = new Date(Date.now() - 60 * 60 * 1000);
      const result = await reconcile({ ...ingress.env, TWILIO_API_BASE_URL: twilio.url }, since, logger);
      expect(twilio.mediaListsRefused()).toBe(1);
      expect(result.channels.find((c) => c.number === ENV_NUMBER)).toMatchObject({
        missing: 1,
        appended: 0,
        failed: 1,
      });
      expect(await inboundSids()).not.toContain(lost.messageSid);
      expect(await eventCount(nats)).toBe(before);
      // The next run, with the Media list answering again, appends it with its media.
      const next = await reconcile({ ...ingress.env, TWILIO_API_BASE_URL: sim.url }, since, logger);
      expect(next.channels.find((c) => c.number === ENV_NUMBER)).toMatchObject({ missing: 1, appended: 1, failed: 0 });
      const stored = (await storedEvents(nats, ingress.keys)).find(
        (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === lost.messageSid,
      );
      expect(stored?.event).toMatchObject({ media: [{ contentType: "image/jpeg" }] });
    } finally {
      await twilio.close();
    }
  });
});

/** A stand-in for Twilio in front of the simulator that answers a message's Media list with 503 and passes the rest on. */
async function mediaListFailing(simUrl: string) {
  let refused = 0;
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    if (/\/Messages\/[^/]+\/Media\.json(\?|$)/.test(path)) {
      refused++;
      response.writeHead(503, { "content-type": "application/json" });
      response.end(JSON.stringify({ code: 20503, message: "Service unavailable", more_info: "", status: 503 }));
      return;
    }
    const authorization = request.headers.authorization;
    fetch(`${simUrl}${path}`, { method: request.method, headers: authorization ? { authorization } : {} })
      .then(async (answer) => {
        response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
        response.end(Buffer.from(await answer.arrayBuffer()));
      })
      .catch(() => response.writeHead(502).end());
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mediaListsRefused: () => refused,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
