import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model/testing";
import { waitFor } from "@cloudpa/testkit";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inPool } from "../harness/customer-load.js";
import { readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, withClient } from "../harness/invariants.js";

// The projector's own NATS connection drops while JetStream is pushing it a backlog: whatever was in
// flight on the dropped connection is redelivered only after the consumer's ack wait (30 s), by which
// time the projector has applied newer events. Found by this test: the projector used to move its
// checkpoint past the lost events and skip them for good (fixed in b7ad749: a batch starting past the
// checkpoint rebinds the consumer). Under load it still could: when the events before and after the
// loss were buffered together, one batch spanned the loss (fixed: a skipped delivery number or a
// reconnect rebinds the consumer; consumer/nats-reconnect.int.spec.ts provokes both).
describe("projector's NATS connection cut while it drains a backlog", () => {
  let scenario: FaultScenario;
  const events = eventFactory(DEFAULT_ORG_ID);

  beforeAll(async () => {
    scenario = await startScenario({ services: ["projector"], env: { projector: { PROJECTOR_BATCH_SIZE: "50" } } });
  }, 180_000);
  afterAll(() => scenario?.stop());

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

  it("projects every event of the stream, none skipped, once the connection is back", async () => {
    // A backlog first, so JetStream has a full pull's worth of messages on the wire at every cut.
    const projector = scenario.service("projector");
    await projector.kill("SIGKILL");
    const js = jetstream(scenario.nc);
    const base = Math.floor(Math.random() * 1_000_000_000);
    const publish = (from: number, count: number) =>
      inPool(
        Array.from({ length: count }, (_, index) => from + index),
        32,
        (index) =>
          appendSigned(
            js,
            scenario.names,
            events.inbound(base + index, (index % 40) + 1, index),
            scenario.keys.signing.ingress,
          ),
      );
    await publish(0, 1500);
    projector.start();
    await projector.ready();
    await waitFor(async () => (await checkpoint()) > 0, { timeoutMs: 30_000, what: "the first batch" });
    // More events keep arriving while the connection drops five times.
    const arriving = publish(1500, 1500);
    for (let cut = 0; cut < 5; cut += 1) {
      scenario.natsProxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 200));
      scenario.natsProxy.restore();
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    await arriving;

    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    // Compared once the checkpoint covers the stream: from then on a redelivery is skipped as applied,
    // so an event missing now is lost for good.
    expect(await readModelMatchesStream(scenario.db.url, log, 90_000)).toEqual([]);
    expect(scenario.service("projector").unexpectedExits()).toEqual([]);
  }, 240_000);
});
