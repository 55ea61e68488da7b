import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersWrite } from "../harness/customer-load.js";
import { readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, webhooksStoredOnce, withClient } from "../harness/invariants.js";

describe("projector SIGKILLed mid-batch, several times, while customers write", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    scenario = await startScenario({
      services: ["ingress", "projector"],
      env: { projector: { PROJECTOR_BATCH_SIZE: "25" } },
    });
  }, 180_000);
  afterAll(() => scenario?.stop());

  const checkpoint = () =>
    withClient(scenario.db.url, async (client) => {
      const result = await client.query<{ seq: string | null }>(
        "select max(last_seq)::text as seq from readmodel.projection_checkpoint",
      );
      return Number(result.rows[0]?.seq ?? 0);
    });

  it("projects every stored message exactly once: the read model equals the fold of the stream", async () => {
    // A little latency towards Postgres keeps batches in flight long enough to be killed inside one.
    scenario.postgresProxy.delay(3);
    const load = customersWrite(scenario.sim, 400, { concurrency: 8, label: "crash" });
    const projector = scenario.service("projector");
    for (let kill = 0; kill < 3; kill += 1) {
      const before = await checkpoint();
      await waitFor(async () => (await checkpoint()) > before, {
        timeoutMs: 30_000,
        what: "the projector to commit a batch",
      });
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
      await projector.restart("SIGKILL");
    }
    const outcomes = await load;
    scenario.postgresProxy.delay(0);

    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    expect(outcomes.every((outcome) => outcome.webhookStatus === 200)).toBe(true);
    expect(webhooksStoredOnce(log, outcomes)).toEqual([]);
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
    expect(projector.unexpectedExits()).toEqual([]);
  }, 180_000);

  it("notices a read-model row that the stream does not explain (the check is not vacuous)", async () => {
    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    await withClient(scenario.db.url, (client) =>
      client.query(
        "update readmodel.message set body = 'tampered' where id = (select id from readmodel.message limit 1)",
      ),
    );
    const violations = await readModelMatchesStream(scenario.db.url, log);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^message .*\.body: stream folds to .*, read model has string:tampered$/);
  });
});
