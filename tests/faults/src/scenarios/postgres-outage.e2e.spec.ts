import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersWrite } from "../harness/customer-load.js";
import { readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, webhooksStoredOnce, withClient } from "../harness/invariants.js";

describe("Postgres cut, and Postgres slow, while customers write", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    scenario = await startScenario({
      services: ["ingress", "projector"],
      env: { projector: { PROJECTOR_BATCH_SIZE: "50" } },
    });
  }, 180_000);
  afterAll(() => scenario?.stop());

  const readLog = () => readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
  const checkpoint = () =>
    withClient(scenario.db.url, async (client) =>
      Number(
        (
          await client.query<{ seq: string | null }>(
            "select max(last_seq)::text as seq from readmodel.projection_checkpoint",
          )
        ).rows[0]?.seq ?? 0,
      ),
    );

  it("keeps accepting webhooks while Postgres is away, and projects everything once it is back", async () => {
    const load = customersWrite(scenario.sim, 300, { concurrency: 6, label: "pg-cut" });
    await waitFor(async () => (await checkpoint()) >= 30, { timeoutMs: 30_000, what: "the first batches" });
    scenario.postgresProxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    scenario.postgresProxy.restore();
    const outcomes = await load;
    // The ingress needs NATS alone: Postgres being away costs no webhook.
    expect(outcomes.every((outcome) => outcome.webhookStatus === 200)).toBe(true);

    const log = await readLog();
    expect(webhooksStoredOnce(log, outcomes)).toEqual([]);
    expect(await readModelMatchesStream(scenario.db.url, log, 90_000)).toEqual([]);
    expect(scenario.service("projector").unexpectedExits()).toEqual([]);
  }, 150_000);

  it("projects everything exactly once when every Postgres round trip takes 40 ms more", async () => {
    scenario.postgresProxy.delay(40);
    const outcomes = await customersWrite(scenario.sim, 200, { concurrency: 8, label: "pg-slow" });
    expect(outcomes.every((outcome) => outcome.webhookStatus === 200)).toBe(true);
    const log = await readLog();
    expect(await readModelMatchesStream(scenario.db.url, log, 90_000)).toEqual([]);
    scenario.postgresProxy.delay(0);
    expect(scenario.service("projector").unexpectedExits()).toEqual([]);
  }, 150_000);
});
