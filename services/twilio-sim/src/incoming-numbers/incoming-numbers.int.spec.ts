import { twilioIncomingPhoneNumbersPageSchema } from "@cloudpa/contracts";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_SANDBOX_NUMBER, startTwilioSim, type TwilioSim } from "../index.js";

const OWNER = { accountSid: `AC${"a1".repeat(16)}`, authToken: "b2".repeat(16) };
const OTHER = { accountSid: `AC${"c3".repeat(16)}`, authToken: "d4".repeat(16), numbers: ["whatsapp:+447700900555"] };
const NUMBER = "whatsapp:+15017122661";

/** The twilio package, its `https://api.twilio.com` calls sent to the simulator. */
class SimRequestClient extends twilio.RequestClient {
  constructor(private readonly simUrl: string) {
    super();
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...options, uri: options.uri.replace(/^https:\/\/api\.twilio\.com/, this.simUrl) });
  }
}

describe("IncomingPhoneNumbers", () => {
  let sim: TwilioSim;
  beforeAll(async () => {
    sim = await startTwilioSim({ accounts: [OWNER, OTHER], numbers: [NUMBER, SIM_SANDBOX_NUMBER] });
  });
  afterAll(() => sim?.close());

  const clientOf = (account: { accountSid: string; authToken: string }) =>
    twilio(account.accountSid, account.authToken, { httpClient: new SimRequestClient(sim.url) });

  it("lists the account's own number when filtered by it, as the twilio package reads it", async () => {
    const found = await clientOf(OWNER).incomingPhoneNumbers.list({ phoneNumber: "+15017122661" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ accountSid: OWNER.accountSid, phoneNumber: "+15017122661" });
    expect(found[0]?.sid).toMatch(/^PN[0-9a-f]{32}$/);
  });

  it("lists nothing for a number of another account, and never the shared sandbox", async () => {
    expect(await clientOf(OTHER).incomingPhoneNumbers.list({ phoneNumber: "+15017122661" })).toEqual([]);
    expect((await clientOf(OTHER).incomingPhoneNumbers.list({})).map((n) => n.phoneNumber)).toEqual(["+447700900555"]);
    expect((await clientOf(OWNER).incomingPhoneNumbers.list({})).map((n) => n.phoneNumber)).toEqual(["+15017122661"]);
  });

  it("answers Twilio's page shape, and 401 to another account's token", async () => {
    const url = `${sim.url}/2010-04-01/Accounts/${OWNER.accountSid}/IncomingPhoneNumbers.json?PhoneNumber=%2B15017122661&PageSize=1`;
    const basic = (account: { accountSid: string; authToken: string }) =>
      `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`;
    const page = await fetch(url, { headers: { authorization: basic(OWNER) } });
    expect(page.status).toBe(200);
    expect(twilioIncomingPhoneNumbersPageSchema.parse(await page.json())).toMatchObject({
      page: 0,
      page_size: 1,
      next_page_uri: null,
      incoming_phone_numbers: [{ phone_number: "+15017122661" }],
    });
    const wrong = await fetch(url, { headers: { authorization: basic({ ...OWNER, authToken: OTHER.authToken }) } });
    expect(wrong.status).toBe(401);
  });
});
