import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_DEMO_ACCOUNT_SID, SIM_DEMO_AUTH_TOKEN, startTwilioSim, type TwilioSim } from "./index.js";

describe("the simulator's own pages", () => {
  let sim: TwilioSim;

  beforeAll(async () => {
    sim = await startTwilioSim({
      accounts: [{ accountSid: SIM_DEMO_ACCOUNT_SID, authToken: SIM_DEMO_AUTH_TOKEN }],
      numbers: ['whatsapp:+14155238886"><script>'],
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("answers /healthz", async () => {
    const response = await fetch(`${sim.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("serves the phone page with a CSP that runs only its own script, and escapes the number it embeds", async () => {
    const response = await fetch(sim.url);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('data-business-number="whatsapp:+14155238886&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain('"><script>');
    const script = await fetch(`${sim.url}/phone.js`);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(await script.text()).not.toContain("innerHTML");
  });

  it("answers 404 in Twilio's error shape for paths it does not serve", async () => {
    const response = await fetch(`${sim.url}/2010-04-01/Accounts/${SIM_DEMO_ACCOUNT_SID}/Calls.json`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404, status: 404 });
  });
});

describe("configuring a simulator in another process", () => {
  let sim: TwilioSim;
  const account = { accountSid: SIM_DEMO_ACCOUNT_SID, authToken: SIM_DEMO_AUTH_TOKEN };

  beforeAll(async () => {
    sim = await startTwilioSim({ accounts: [account], statusDelayMs: 1 });
  });
  afterAll(async () => {
    await sim.close();
  });

  const postJson = (path: string, body: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const send = () =>
    fetch(`${sim.url}/2010-04-01/Accounts/${account.accountSid}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ From: "whatsapp:+14155238886", To: "whatsapp:+447700900001", Body: "hi" }),
    });

  it("takes failSends over POST /sim/configure and forgets messages on POST /sim/reset", async () => {
    expect((await postJson("/sim/configure", { failSends: [429] })).status).toBe(200);
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(201);
    expect(sim.sentMessages()).toHaveLength(1);
    expect((await postJson("/sim/reset", {})).status).toBe(200);
    expect(sim.sentMessages()).toEqual([]);
  });

  it("answers 400 to a configuration it does not know", async () => {
    const response = await postJson("/sim/configure", { statusMode: "sideways" });
    expect(response.status).toBe(400);
    expect((await postJson("/sim/configure", { failSnds: [500] })).status).toBe(400);
  });
});
