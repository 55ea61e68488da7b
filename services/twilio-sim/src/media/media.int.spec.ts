import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mediaFromWebhook, webhookPaths } from "@cloudpa/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simTwilioClient } from "../testing/sim-twilio-client.js";
import { simWithReceiver } from "../testing/sim-with-receiver.js";

const ACCOUNT = { accountSid: `AC${"b1".repeat(16)}`, authToken: "c2".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900021";
const PDF = Buffer.from("%PDF-1.4\n% a quote\n%%EOF\n");
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");

const basic = (account = ACCOUNT) =>
  `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`;

describe("media, both ways", () => {
  // The product's signed media URLs: a PDF, a photo, and one that has expired.
  let files: Server;
  let filesUrl: string;
  beforeAll(async () => {
    files = createServer((request, response) => {
      if (request.url === "/quote.pdf") {
        response.writeHead(200, {
          "content-type": "application/pdf",
          "content-disposition": 'inline; filename="quote.pdf"',
        });
        response.end(PDF);
      } else if (request.url === "/boiler.png") {
        response.writeHead(200, { "content-type": "image/png" });
        response.end(PNG);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", () => resolve()));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => files.close(() => resolve()));
  });

  const bed = simWithReceiver((receiver) => ({
    accounts: [ACCOUNT],
    numbers: [BUSINESS],
    statusDelayMs: 1,
    inboundWebhookUrl: `${receiver.url}${webhookPaths().inbound}`,
  }));

  it("fetches each outbound MediaUrl when sending and lists it as the message's Media, with Basic auth", async () => {
    const client = simTwilioClient(bed.sim.url, ACCOUNT);
    const sent = await client.messages.create({
      from: BUSINESS,
      to: ADA,
      body: "Your quote and a photo",
      mediaUrl: [`${filesUrl}/quote.pdf`, `${filesUrl}/boiler.png`],
    });
    expect(sent.sid).toMatch(/^MM/);
    expect(sent.numMedia).toBe("2");
    await expect.poll(async () => (await client.messages(sent.sid).fetch()).status).toBe("read");

    const media = await client.messages(sent.sid).media.list();
    expect(media.map((item) => item.contentType)).toEqual(["application/pdf", "image/png"]);
    expect(media[0]).toMatchObject({ parentSid: sent.sid, accountSid: ACCOUNT.accountSid });
    expect(media[0]?.sid).toMatch(/^ME[0-9a-f]{32}$/);
    const one = await client
      .messages(sent.sid)
      .media(media[0]?.sid as string)
      .fetch();
    expect(one.uri).toBe(`/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages/${sent.sid}/Media/${one.sid}.json`);

    const bytesUrl = `${bed.sim.url}${one.uri.replace(/\.json$/, "")}`;
    const bytes = await fetch(bytesUrl, { headers: { authorization: basic() } });
    expect(bytes.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(PDF);
    expect((await fetch(bytesUrl)).status).toBe(401);
    expect(bed.sim.sentMessages()[0]?.media).toEqual([
      expect.objectContaining({ contentType: "application/pdf", filename: "quote.pdf", size: PDF.length }),
      expect.objectContaining({ contentType: "image/png", filename: null }),
    ]);
  });

  it("fails a message whose MediaUrl cannot be fetched with 63019, through its status callback", async () => {
    const client = simTwilioClient(bed.sim.url, ACCOUNT);
    const sent = await client.messages.create({
      from: BUSINESS,
      to: ADA,
      mediaUrl: [`${filesUrl}/expired.pdf`],
      statusCallback: `${bed.receiver.url}/status`,
    });
    expect(sent.status).toBe("queued");
    await expect.poll(async () => (await client.messages(sent.sid).fetch()).status).toBe("failed");
    expect(await client.messages(sent.sid).fetch()).toMatchObject({ errorCode: 63019 });
    await expect
      .poll(() => bed.receiver.received.filter((webhook) => webhook.path === "/status").at(-1)?.params)
      .toMatchObject({ MessageStatus: "failed", ErrorCode: "63019" });
  });

  it("keeps a customer's attached files and points the webhook at Twilio-style Media URLs fetchable with Basic auth", async () => {
    const result = await bed.sim.inbound({
      from: ADA,
      body: "Here is the leak",
      media: [
        { contentType: "image/png", dataBase64: PNG.toString("base64"), filename: "leak.png" },
        { contentType: "application/pdf", dataBase64: PDF.toString("base64"), filename: "old-invoice.pdf" },
      ],
    });
    const params = bed.receiver.received[0]?.params ?? {};
    expect(params).toMatchObject({ NumMedia: "2", MessageType: "image", MessageSid: result.messageSid });
    expect(result.messageSid).toMatch(/^MM/);
    const items = mediaFromWebhook(params);
    expect(items.map((item) => item.contentType)).toEqual(["image/png", "application/pdf"]);
    expect(items[0]?.url).toMatch(
      new RegExp(
        `^${bed.sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages/${result.messageSid}/Media/ME[0-9a-f]{32}$`,
      ),
    );
    const image = await fetch(items[0]?.url as string, { headers: { authorization: basic() } });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
    expect((await fetch(items[1]?.url as string)).status).toBe(401);

    const listed = await simTwilioClient(bed.sim.url, ACCOUNT).messages(result.messageSid).media.list();
    expect(listed).toHaveLength(2);
  });
});
