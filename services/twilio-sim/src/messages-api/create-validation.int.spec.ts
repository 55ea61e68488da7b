import { twilioErrorSchema } from "@cloudpa/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTwilioSim, type TwilioSim } from "../index.js";

const ACCOUNT = { accountSid: `AC${"e7".repeat(16)}`, authToken: "f8".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900051";

describe("creating a message: what Twilio's description and error codes refuse", () => {
  let sim: TwilioSim;
  beforeAll(async () => {
    sim = await startTwilioSim({ accounts: [ACCOUNT], numbers: [BUSINESS], statusDelayMs: 1 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => sim.reset());

  const post = async (params: Record<string, string | string[]>) => {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
    }
    const response = await fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form,
    });
    const body = (await response.json()) as Record<string, unknown>;
    return {
      status: response.status,
      code: response.status === 201 ? undefined : twilioErrorSchema.parse(body).code,
      body,
    };
  };
  const base = { From: BUSINESS, To: ADA };
  const template = () => sim.demoTemplateSid("follow_up");

  it.each([
    ["a ContentSid off Twilio's pattern", 21655, { ContentSid: "HX123" }],
    ["a ContentSid of no template", 21655, { ContentSid: `HX${"0".repeat(32)}` }],
    ["ContentVariables that are not JSON", 21656, { ContentVariables: "{1: Ada}", useTemplate: "yes" }],
    ["ContentVariables that are a JSON list", 21656, { ContentVariables: '["Ada"]', useTemplate: "yes" }],
    ["an empty variable", 21656, { ContentVariables: '{"1":""}', useTemplate: "yes" }],
    ["a variable with a newline", 21656, { ContentVariables: '{"1":"Ada\\nLovelace"}', useTemplate: "yes" }],
    ["ContentVariables without a ContentSid", 21654, { Body: "hi", ContentVariables: '{"1":"Ada"}' }],
    ["eleven MediaUrls", 21623, { MediaUrl: Array.from({ length: 11 }, (_, i) => `https://files.example/${i}.png`) }],
    ["a MediaUrl that is not a URL", 21620, { MediaUrl: ["not a url"] }],
    ["a MediaUrl that is not http(s)", 21620, { MediaUrl: ["ftp://files.example/a.png"] }],
    ["a StatusCallback that is not a URL", 21609, { Body: "hi", StatusCallback: "callback please" }],
    [
      "a StatusCallback with an underscore in its host",
      21609,
      { Body: "hi", StatusCallback: "https://my_host.example/cb" },
    ],
    ["a malformed MessagingServiceSid", 21702, { Body: "hi", MessagingServiceSid: "MG123" }],
  ] as const)("refuses %s with 400 and code %i, keeping nothing", async (_name, code, params) => {
    const { useTemplate, ...rest } = params as Record<string, string | string[]>;
    const answer = await post({ ...base, ...(useTemplate ? { ContentSid: template() } : {}), ...rest });
    expect(answer).toMatchObject({ status: 400, code });
    expect(answer.body.more_info).toBe(`https://www.twilio.com/docs/errors/${code}`);
    expect(sim.sentMessages()).toEqual([]);
  });

  it("takes ten MediaUrls, a valid StatusCallback and MessagingServiceSid, and numbers as ContentVariables values", async () => {
    const media = await post({
      ...base,
      MediaUrl: Array.from({ length: 10 }, (_, i) => `http://127.0.0.1:9/${i}.png`),
      StatusCallback: "https://inbox.cloudpa.example/api/v1/messaging/webhook/whatsapp/status#rc=3",
      MessagingServiceSid: `MG${"ab".repeat(16)}`,
    });
    expect(media.status).toBe(201);
    const templated = await post({ ...base, ContentSid: template(), ContentVariables: '{"1": 42}' });
    expect(templated).toMatchObject({ status: 201, body: { body: expect.stringContaining("Hi 42,") } });
  });

  it("leaves no accepted message in queued: each ends read, failed or undelivered", async () => {
    sim.configure({ enforceWhatsAppWindow: true });
    await post({ ...base, Body: "outside the window" });
    await sim.inbound({ from: ADA, body: "the window opens", drop: true });
    await post({ ...base, MediaUrl: ["http://127.0.0.1:9/unreachable.png"] });
    await post({ ...base, ContentSid: template(), ContentVariables: '{"1":"Ada"}' });
    await expect
      .poll(() => sim.sentMessages().map((message) => message.status), { timeout: 15_000 })
      .toEqual(["failed", "failed", "read"]);
    expect(sim.sentMessages().map((message) => message.errorCode)).toEqual([63016, 63019, null]);
  });
});
