import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inPool } from "../harness/customer-load.js";
import { readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream } from "../harness/invariants.js";

// The projector's own NATS connection drops while JetStream is pushing it a backlog: whatever was in
// flight on the dropped connection is redelivered only after the consumer's ack wait (30 s), by which
// time the projector has applied newer events and moved its checkpoint past the lost ones.
describe("projector's NATS connection cut while it drains a backlog", () => {
  let scenario: FaultScenario;
  const events = eventFactory(DEFAULT_ORG_ID);

  beforeAll(async () => {
    scenario = await startScenario({ services: ["projector"], env: { projector: { PROJECTOR_BATCH_SIZE: "50" } } });
  }, 180_000);
  afterAll(() => scenario?.stop());

  it("projects every event of the stream, none skipped, once the connection is back", async () => {
    const js = jetstream(scenario.nc);
    const base = Math.floor(Math.random() * 1_000_000_000);
    const publishing = inPool(
      Array.from({ length: 1500 }, (_, index) => index),
      16,
      (index) =>
        appendSigned(
          js,
          scenario.names,
          events.inbound(base + index, (index % 40) + 1, index),
          scenario.keys.signing.ingress,
        ),
    );
    for (let cut = 0; cut < 5; cut += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      scenario.natsProxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 300));
      scenario.natsProxy.restore();
    }
    await publishing;

    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    let violations = await readModelMatchesStream(scenario.db.url, log, 90_000);
    if (violations.length > 0) {
      // Give JetStream's redelivery (ack wait 30 s) its chance before calling the events lost.
      await new Promise((resolve) => setTimeout(resolve, 35_000));
      violations = await readModelMatchesStream(scenario.db.url, log, 90_000);
    }
    expect(violations).toEqual([]);
    expect(scenario.service("projector").unexpectedExits()).toEqual([]);
  }, 240_000);
});
