import { MAX_REPLY_LENGTH, twilioErrorSchema } from "@cloudpa/contracts";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTwilioSim, type TwilioSim } from "../index.js";

const ACCOUNT = { accountSid: `AC${"a1".repeat(16)}`, authToken: "b2".repeat(16) };
const OTHER_ACCOUNT = { accountSid: `AC${"c3".repeat(16)}`, authToken: "d4".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900001";
const BOB = "whatsapp:+447700900002";

/** The technique the outbound uses too: a RequestClient that sends `https://api.twilio.com` requests to the simulator. */
class SimRequestClient extends twilio.RequestClient {
  constructor(private readonly simUrl: string) {
    super();
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...options, uri: options.uri.replace(/^https:\/\/api\.twilio\.com/, this.simUrl) });
  }
}

function clientOf(sim: TwilioSim, account = ACCOUNT) {
  return twilio(account.accountSid, account.authToken, { httpClient: new SimRequestClient(sim.url) });
}

async function post(sim: TwilioSim, form: Record<string, string>, account = ACCOUNT) {
  const basic = Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64");
  const response = await fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Messages API", () => {
  let sim: TwilioSim;

  beforeAll(async () => {
    sim = await startTwilioSim({ accounts: [ACCOUNT, OTHER_ACCOUNT], numbers: [BUSINESS], statusDelayMs: 1 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => sim.reset());

  it("creates, fetches and lists a message through the twilio package", async () => {
    const client = clientOf(sim);
    const created = await client.messages.create({ from: BUSINESS, to: ADA, body: "Hello Ada" });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      accountSid: ACCOUNT.accountSid,
      from: BUSINESS,
      to: ADA,
      body: "Hello Ada",
      status: "queued",
      direction: "outbound-api",
      numSegments: "1",
      numMedia: "0",
      errorCode: null,
      apiVersion: "2010-04-01",
    });
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(created.dateCreated.getTime())).toBe(false);

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.sid).toBe(created.sid);
    expect(fetched.body).toBe("Hello Ada");

    expect(sim.sentMessages()).toEqual([
      expect.objectContaining({
        sid: created.sid,
        from: BUSINESS,
        to: ADA,
        body: "Hello Ada",
        accountSid: ACCOUNT.accountSid,
      }),
    ]);
  });

  it("lists with To filters across pages, newest first, including inbound messages", async () => {
    const client = clientOf(sim);
    const toAda: string[] = [];
    for (const body of ["one", "two", "three"]) {
      toAda.push((await client.messages.create({ from: BUSINESS, to: ADA, body })).sid);
      await client.messages.create({ from: BUSINESS, to: BOB, body: `bob ${body}` });
    }
    const inbound = await sim.inbound({ from: ADA, body: "from Ada", drop: true });

    const listed = await client.messages.list({ to: ADA, pageSize: 2 });
    expect(listed.map((message) => message.sid)).toEqual([...toAda].reverse());

    const firstPage = await client.messages.page({ to: ADA, pageSize: 2 });
    expect(firstPage.instances).toHaveLength(2);
    const secondPage = await firstPage.nextPage();
    expect(secondPage?.instances.map((message) => message.sid)).toEqual([toAda[0]]);
    expect(await secondPage?.nextPage()).toBeUndefined();
    const back = await secondPage?.previousPage();
    expect(back?.instances.map((message) => message.sid)).toEqual([toAda[2], toAda[1]]);

    const fromAda = await client.messages.list({ from: ADA });
    expect(fromAda).toEqual([
      expect.objectContaining({ sid: inbound.messageSid, direction: "inbound", status: "received", body: "from Ada" }),
    ]);
    expect(await client.messages.list({ pageSize: 50 })).toHaveLength(7);
  });

  it("filters by DateSent, DateSent< and DateSent> once messages are sent", async () => {
    const client = clientOf(sim);
    const created = await client.messages.create({ from: BUSINESS, to: ADA, body: "dated" });
    await expect.poll(() => sim.sentMessages()[0]?.status).toBe("read");
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    const inAnHour = new Date(Date.now() + 60 * 60 * 1000);

    const after = await client.messages.list({ dateSentAfter: hourAgo });
    expect(after.map((message) => message.sid)).toEqual([created.sid]);
    expect(after[0]?.dateSent).toBeInstanceOf(Date);
    expect(await client.messages.list({ dateSentAfter: inAnHour })).toEqual([]);
    expect(await client.messages.list({ dateSentBefore: hourAgo })).toEqual([]);
    expect((await client.messages.list({ dateSentBefore: inAnHour })).map((message) => message.sid)).toEqual([
      created.sid,
    ]);

    const today = new Date().toISOString().slice(0, 10);
    const onDay = await fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json?DateSent=${today}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64")}`,
      },
    });
    const page = (await onDay.json()) as {
      messages: Array<{ sid: string }>;
      page: number;
      page_size: number;
      uri: string;
    };
    expect(page.messages.map((message) => message.sid)).toEqual([created.sid]);
    expect(page).toMatchObject({ page: 0, page_size: 50 });
    expect(page.uri).toContain(`DateSent=${today}`);
  });

  it("answers 401 with Twilio's error shape when the auth token is wrong or missing", async () => {
    const wrong = await post(sim, { From: BUSINESS, To: ADA, Body: "hi" }, { ...ACCOUNT, authToken: "wrong" });
    expect(wrong.status).toBe(401);
    expect(twilioErrorSchema.parse(wrong.body)).toMatchObject({ code: 20003, status: 401 });
    expect(wrong.body.more_info).toBe("https://www.twilio.com/docs/errors/20003");

    const missing = await fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Basic realm="Twilio API"');

    const otherAccountsToken = await post(sim, { From: BUSINESS, To: ADA, Body: "hi" }, OTHER_ACCOUNT);
    expect(otherAccountsToken.status).toBe(401);

    const viaPackage = clientOf(sim, { ...ACCOUNT, authToken: "wrong" });
    await expect(viaPackage.messages.create({ from: BUSINESS, to: ADA, body: "hi" })).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
    expect(sim.sentMessages()).toEqual([]);
  });

  it("refuses what Twilio refuses: no To, no From, no Body, a bad number, a number it does not own", async () => {
    expect(await post(sim, { From: BUSINESS, Body: "hi" })).toMatchObject({ status: 400, body: { code: 21604 } });
    expect(await post(sim, { To: ADA, Body: "hi" })).toMatchObject({ status: 400, body: { code: 21603 } });
    expect(await post(sim, { From: BUSINESS, To: ADA })).toMatchObject({ status: 400, body: { code: 21602 } });
    expect(await post(sim, { From: BUSINESS, To: "whatsapp:12", Body: "hi" })).toMatchObject({
      status: 400,
      body: { code: 21211 },
    });
    expect(await post(sim, { From: "whatsapp:+15550001111", To: ADA, Body: "hi" })).toMatchObject({
      status: 400,
      body: { code: 63007 },
    });
    expect(sim.sentMessages()).toEqual([]);
  });

  it("refuses a Body past the reply limit with 21617, as Twilio does, and takes one at the limit", async () => {
    const tooLong = await post(sim, { From: BUSINESS, To: ADA, Body: "x".repeat(MAX_REPLY_LENGTH + 1) });
    expect(tooLong).toMatchObject({ status: 400, body: { code: 21617 } });
    expect(sim.sentMessages()).toEqual([]);
    const atLimit = await post(sim, { From: BUSINESS, To: ADA, Body: "x".repeat(MAX_REPLY_LENGTH) });
    expect(atLimit.status).toBe(201);
  });

  it("answers 404 with code 20404 for a message it does not know", async () => {
    const client = clientOf(sim);
    await expect(client.messages(`SM${"0".repeat(32)}`).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it("answers the next sends with the failures queued by failSends, then accepts again", async () => {
    sim.configure({ failSends: [429, 500, 21211, 63016] });
    const client = clientOf(sim);
    const send = () => client.messages.create({ from: BUSINESS, to: ADA, body: "hi" });
    await expect(send()).rejects.toMatchObject({ status: 429, code: 20429 });
    await expect(send()).rejects.toMatchObject({ status: 500, code: 20500 });
    await expect(send()).rejects.toMatchObject({ status: 400, code: 21211 });
    const laterFailed = await send();
    expect(laterFailed.status).toBe("queued");
    await expect
      .poll(() => sim.sentMessages().find((message) => message.sid === laterFailed.sid)?.status)
      .toBe("failed");
    const fetched = await client.messages(laterFailed.sid).fetch();
    expect(fetched).toMatchObject({ status: "failed", errorCode: 63016 });
    const accepted = await send();
    await expect.poll(() => sim.sentMessages().find((message) => message.sid === accepted.sid)?.status).toBe("read");
  });

  it("lists what the Messages API received at GET /sim/messages", async () => {
    const client = clientOf(sim);
    const created = await client.messages.create({
      from: BUSINESS,
      to: BOB,
      body: "for Bob",
      statusCallback: "http://127.0.0.1:9/cb",
    });
    await sim.inbound({ from: BOB, body: "not listed here", drop: true });
    const response = await fetch(`${sim.url}/sim/messages`);
    const listed = (await response.json()) as { messages: Array<Record<string, unknown>> };
    expect(listed.messages).toEqual([
      expect.objectContaining({
        sid: created.sid,
        to: BOB,
        body: "for Bob",
        statusCallback: "http://127.0.0.1:9/cb",
        accountSid: ACCOUNT.accountSid,
      }),
    ]);
  });
});
