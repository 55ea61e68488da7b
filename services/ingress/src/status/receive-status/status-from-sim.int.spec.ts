import { webhookUrlsFor } from "@cloudpa/contracts";
import { type TestNats, testNats, waitFor } from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twilioClientFor } from "../../reconcile/twilio-api-client.js";
import {
  ACCOUNT_SID,
  ENV_NUMBER,
  ENV_TOKEN,
  type Ingress,
  startIngress,
  storedEvents,
} from "../../test/ingress-harness.js";

describe("status callbacks from the Twilio simulator", () => {
  let nats: TestNats;
  let ingress: Ingress;
  let sim: TwilioSim;
  beforeAll(async () => {
    nats = await testNats();
    ingress = await startIngress(nats, {}, { calledDirectly: true });
    sim = await startTwilioSim({
      accounts: [{ accountSid: ACCOUNT_SID, authToken: ENV_TOKEN }],
      numbers: [ENV_NUMBER],
      statusDelayMs: 5,
    });
  });
  afterAll(async () => {
    await sim?.close();
    await ingress?.close();
    await nats?.cleanup();
  });

  it("records every callback Twilio sends for a reply, signed for the URL with its retry overrides", async () => {
    const client = twilioClientFor({ accountSid: ACCOUNT_SID, authToken: ENV_TOKEN }, sim.url);
    const statusCallback = webhookUrlsFor(ingress.env.PUBLIC_BASE_URL).statusCallback;
    expect(statusCallback).toContain("#rc=");
    const message = await client.messages.create({
      from: ENV_NUMBER,
      to: "whatsapp:+15550007777",
      body: "thanks, on it",
      statusCallback,
    });
    const reports = await waitFor(
      () => {
        const mine = sim.statusCallbacks().filter((r) => r.messageSid === message.sid);
        return mine.length > 0 &&
          mine.length === new Set(mine.map((r) => r.status)).size &&
          mine.at(-1)?.status === "read"
          ? mine
          : undefined;
      },
      { timeoutMs: 15_000, what: "the simulator to play the message's status callbacks" },
    );
    expect(reports.map((r) => r.delivery.status)).toEqual(reports.map(() => 200));
    const statuses = (await storedEvents(nats, ingress.keys)).flatMap((s) =>
      s.event.type === "MessageStatusUpdated" && s.event.messageSid === message.sid ? [s.event.status] : [],
    );
    expect(statuses).toEqual(reports.map((r) => r.status));
  });
});
