import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChannelRecord, channelIdFor, channelKeyOf, sealSecret } from "@cloudpa/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { seedConversation } from "#test/support/read-model-seed.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { proxyMedia } from "./media-proxy.server.ts";

const authToken = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const accountSid = "AC0123456789abcdef0123456789abcdef";
const number = "whatsapp:+14155550177";

async function recordingServer() {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", headers: request.headers });
    response.writeHead(200, { "content-type": "image/jpeg" }).end("jpeg-bytes");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let twilio: Awaited<ReturnType<typeof recordingServer>>;
let elsewhere: Awaited<ReturnType<typeof recordingServer>>;
let t: WebTestContext;
let owner: Account;
let stranger: Account;
const goodMessage = randomUUID();
const forgedMessage = randomUUID();
const simPageMessage = randomUUID();

beforeAll(async () => {
  twilio = await recordingServer();
  elsewhere = await recordingServer();
  t = await webTestContext({ TWILIO_API_BASE_URL: twilio.url });
  owner = await createAccount(t.web.db, { email: "m1@example.com", password: "a long password", businessName: "M1" });
  stranger = await createAccount(t.web.db, {
    email: "m2@example.com",
    password: "a long password",
    businessName: "M2",
  });
  const channelId = channelIdFor(owner.orgId, number);
  const record: ChannelRecord = {
    channelId,
    orgId: owner.orgId,
    provider: "twilio_whatsapp",
    externalPhoneId: number,
    accountSid,
    authTokenSealed: sealSecret(authToken, t.web.env.CREDENTIALS_KEY, channelId),
    isActive: true,
    updatedAt: new Date().toISOString(),
  };
  await t.nats.kv.put(channelKeyOf(number), JSON.stringify(record));
  await seedConversation(t.web.db, {
    orgId: owner.orgId,
    channelId,
    channelNumber: number,
    conversationId: randomUUID(),
    customer: "whatsapp:+447700900555",
    name: "Photo sender",
    lastInboundAt: new Date(),
    messages: [
      {
        id: goodMessage,
        direction: "inbound",
        body: "",
        sentAt: new Date(),
        media: [
          {
            url: `${twilio.url}/2010-04-01/Accounts/${accountSid}/Messages/MM${"1".repeat(32)}/Media/ME${"1".repeat(32)}`,
            contentType: "image/jpeg",
          },
        ],
      },
      {
        id: forgedMessage,
        direction: "inbound",
        body: "",
        sentAt: new Date(),
        media: [{ url: `${elsewhere.url}/collect`, contentType: "image/jpeg" }],
      },
      {
        id: simPageMessage,
        direction: "inbound",
        body: "",
        sentAt: new Date(),
        media: [{ url: `${twilio.url}/sim/conversations`, contentType: "text/html" }],
      },
    ],
  });
});
afterAll(async () => {
  await t?.cleanup();
  for (const s of [twilio, elsewhere]) await new Promise((resolve) => s?.server.close(resolve));
});

describe("the media proxy", () => {
  it("serves an image of the org's message, fetched from Twilio with the channel's credentials", async () => {
    const response = await proxyMedia(t.web, owner, goodMessage, 0);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(await response.text()).toBe("jpeg-bytes");
    expect(twilio.seen.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
    );
  });

  it("refuses a MediaUrl outside Twilio without contacting it", async () => {
    const response = await proxyMedia(t.web, owner, forgedMessage, 0);
    expect(response.status).toBe(403);
    expect(elsewhere.seen).toEqual([]);
  });

  it("refuses a MediaUrl on Twilio's origin that is not a Media resource (the simulator's pages)", async () => {
    const before = twilio.seen.length;
    const response = await proxyMedia(t.web, owner, simPageMessage, 0);
    expect(response.status).toBe(403);
    expect(twilio.seen.length).toBe(before);
  });

  it("answers 404 for another org's message and for a missing item", async () => {
    expect((await proxyMedia(t.web, stranger, goodMessage, 0)).status).toBe(404);
    expect((await proxyMedia(t.web, owner, goodMessage, 1)).status).toBe(404);
  });

  it("answers 400 with the reason for an id or index that is malformed, never 500", async () => {
    for (const [messageId, index] of [
      ["not-a-uuid", 0],
      ["-".repeat(36), 0],
      [goodMessage, Number.NaN],
      [goodMessage, -1],
      [goodMessage, 1.5],
    ] as const) {
      const response = await proxyMedia(t.web, owner, messageId, index);
      expect(response.status, `${messageId} ${index}`).toBe(400);
      expect(await response.text()).toMatch(/UUID|whole number/);
    }
  });
});
