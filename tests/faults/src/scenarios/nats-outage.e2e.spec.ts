import { waitFor } from "@cloudpa/testkit";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersWrite, type InboundOutcome } from "../harness/customer-load.js";
import { eventsOfType, readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, webhooksStoredOnce } from "../harness/invariants.js";
import { inboundParams, outcomeOf, postWebhook } from "../harness/twilio-webhook.js";

describe("NATS cut and restored while customers write", () => {
  let scenario: FaultScenario;
  let customerMessages: InboundOutcome[] = [];

  beforeAll(async () => {
    scenario = await startScenario({
      services: ["ingress", "projector"],
      env: { ingress: { PUBLISH_TIMEOUT_MS: "500" } },
    });
  }, 180_000);
  afterAll(() => scenario?.stop());

  const storedCount = async () => {
    const jsm = await jetstreamManager(scenario.nc);
    return (await jsm.streams.info(scenario.names.eventsStream)).state.messages;
  };

  it("answers 503 while NATS is away, never 200 for a message it did not store, and stores every 200 once", async () => {
    const load = customersWrite(scenario.sim, 300, { concurrency: 6, label: "outage" });
    await waitFor(async () => (await storedCount()) >= 60, { timeoutMs: 30_000, what: "60 messages stored" });

    scenario.natsProxy.cut();
    const probe = inboundParams(scenario.account.accountSid);
    const during = await postWebhook(scenario.ingressUrl, scenario.account.authToken, probe);
    expect(during.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    scenario.natsProxy.restore();

    const loadOutcomes = await load;
    customerMessages = loadOutcomes;
    const after = inboundParams(scenario.account.accountSid);
    await waitFor(
      async () => (await postWebhook(scenario.ingressUrl, scenario.account.authToken, after)).status === 200,
      { timeoutMs: 20_000, what: "the ingress to accept webhooks again" },
    );
    const outcomes = [...loadOutcomes, outcomeOf(probe, during.status), outcomeOf(after, 200)];

    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    expect(webhooksStoredOnce(log, outcomes)).toEqual([]);
    expect(new Set(outcomes.map((outcome) => outcome.webhookStatus))).toSatisfy((statuses: Set<number | null>) =>
      [...statuses].every((status) => status === 200 || status === 503 || status === null),
    );
    // Twilio gives up on a message after its retries; those are the reconcile command's to recover, not lost here.
    expect(outcomes.filter((outcome) => outcome.webhookStatus === 200).length).toBeGreaterThan(0);
    expect(scenario.service("ingress").unexpectedExits()).toEqual([]);
  }, 120_000);

  it("recovers with the reconcile command every message whose webhook Twilio gave up on", async () => {
    const reconcile = await scenario
      .service("ingress")
      .runCli("services/ingress/dist/cli.js", ["reconcile", "--since", "1h"]);
    expect(reconcile.code, reconcile.stderr).toBe(0);
    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    const stored = eventsOfType(log, "InboundMessageReceived").map((event) => event.messageSid);
    // Every message a customer sent through Twilio (the probe posted by the test itself is not Twilio's).
    const gaveUp = customerMessages.filter((outcome) => outcome.webhookStatus !== 200);
    expect(gaveUp.length).toBeGreaterThan(0);
    expect(customerMessages.filter((outcome) => !stored.includes(outcome.messageSid))).toEqual([]);
    expect(stored.length).toBe(new Set(stored).size);
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
    expect(scenario.service("projector").unexpectedExits()).toEqual([]);
  }, 120_000);
});
