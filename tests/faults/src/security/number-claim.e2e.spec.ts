// A freelancer connects a number through the settings page: Twilio must say the number is their
// account's. Another tenant's valid account that does not have the number cannot claim it (and so
// cannot block its owner with "already connected to another account").

import { randomUUID } from "node:crypto";
import { channelKeyOf } from "@cloudpa/contracts";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { WebClient } from "../harness/web-client.js";

const NUMBER = "+15017122661";
const OWNER = { accountSid: `AC${"0a".repeat(16)}`, authToken: "1b".repeat(16), numbers: [`whatsapp:${NUMBER}`] };
const STRANGER = { accountSid: `AC${"2c".repeat(16)}`, authToken: "3d".repeat(16), numbers: [] };

describe("claiming a number", () => {
  let twilio: TwilioSim;
  let scenario: FaultScenario;

  beforeAll(async () => {
    // Twilio with two accounts, only one of which has the number.
    twilio = await startTwilioSim({ accounts: [OWNER, STRANGER] });
    scenario = await startScenario({
      services: ["web"],
      envChannel: false,
      env: { web: { TWILIO_API_BASE_URL: twilio.url } },
    });
  }, 240_000);
  afterAll(async () => {
    await scenario?.stop();
    await twilio?.close();
  });

  async function freelancer(name: string): Promise<WebClient> {
    const client = new WebClient(scenario.service("web").url);
    expect((await client.signUp(`${name}-${randomUUID()}@example.com`, `pw ${randomUUID()}`, name)).status).toBe(302);
    await client.get("/settings/channels");
    return client;
  }

  const connect = (client: WebClient, account: { accountSid: string; authToken: string }) =>
    client.postForm("/settings/channels", {
      intent: "connect",
      accountSid: account.accountSid,
      authToken: account.authToken,
      number: NUMBER,
    });

  it("refuses a number the account does not have with 403 and a reason, and leaves it to its owner", async () => {
    const squatter = await freelancer("Squatter");
    const refused = await connect(squatter, STRANGER);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("This number is not in that Twilio account");
    const kv = await new Kvm(scenario.nc).open(scenario.names.channelsBucket);
    expect(await kv.get(channelKeyOf(`whatsapp:${NUMBER}`))).toBeNull();

    const owner = await freelancer("Owner");
    const connected = await connect(owner, OWNER);
    expect(connected.status, connected.body.slice(0, 300)).toBe(200);
    expect((await kv.get(channelKeyOf(`whatsapp:${NUMBER}`)))?.json()).toMatchObject({
      accountSid: OWNER.accountSid,
      isActive: true,
    });
  });
});
