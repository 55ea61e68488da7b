import { webhookPaths } from "@cloudpa/contracts";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_DEMO_ACCOUNT_SID, SIM_DEMO_AUTH_TOKEN, type TwilioSim } from "./index.js";
import { runFromEnv } from "./run-from-env.js";
import { startWebhookReceiver } from "./testing/webhook-receiver.js";

describe("running from env", () => {
  let sim: TwilioSim;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const lines: string[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    ({ sim } = await runFromEnv(
      { TWILIO_SIM_PORT: "0", PUBLIC_BASE_URL: receiver.url, TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "" },
      (line) => lines.push(line),
    ));
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it("accepts the demo account when no Twilio credentials are set and answers /readyz", async () => {
    const basic = Buffer.from(`${SIM_DEMO_ACCOUNT_SID}:${SIM_DEMO_AUTH_TOKEN}`).toString("base64");
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    const port = sim.port;
    const response = await fetch(`http://127.0.0.1:${port}/2010-04-01/Accounts/${SIM_DEMO_ACCOUNT_SID}/Messages.json`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ From: "whatsapp:+14155238886", To: "whatsapp:+447700900001", Body: "Demo reply" }),
    });
    expect(response.status).toBe(201);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });

  it("sends inbound webhooks to the ingress at PUBLIC_BASE_URL, signed for it, and logs JSON lines without bodies", async () => {
    const result = await sim.inbound({ from: "+447700900001", body: "A secret body" });
    expect(result.webhookStatus).toBe(200);
    const webhook = receiver.received[0];
    expect(webhook?.path).toBe(webhookPaths().inbound);
    const signedUrl = `${receiver.url}${webhookPaths().inbound}`;
    expect(
      twilio.validateRequest(
        SIM_DEMO_AUTH_TOKEN,
        webhook?.headers["x-twilio-signature"] as string,
        signedUrl,
        webhook?.params ?? {},
      ),
    ).toBe(true);

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ msg: "twilio-sim listening", demoAccount: true, service: "twilio-sim" });
    expect(records).toContainEqual(
      expect.objectContaining({ msg: "inbound", messageSid: result.messageSid, webhookStatus: 200 }),
    );
    expect(lines.join("\n")).not.toContain("A secret body");
    expect(lines.join("\n")).not.toContain(SIM_DEMO_AUTH_TOKEN);
  });
});
