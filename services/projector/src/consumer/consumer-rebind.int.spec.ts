import { eventFactory } from "@cloudpa/read-model/testing";
import { endpointOf, type TcpProxy, tcpProxy, testbed, viaProxy, waitFor } from "@cloudpa/testkit";
import { beforeEach, describe, it } from "vitest";
import { appendPipelined, checkpointOf, projectorEnvFor, startProjector } from "../testing/projector-harness.js";
import { partitionDurable } from "./projector-consumer.js";

const f = eventFactory();
const inbound = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => f.inbound(from + index, (from + index) % 7, from + index));

// In a rolling restart of a JetStream cluster the projector's consumer can vanish under it (a delete
// applied late, a node that lost it) and its connection can drop twice in a row. Either way the
// projector must bind again and go on from its checkpoint, never wait on a consumer that is gone.
describe("projector's consumer gone or rebound twice in a row", () => {
  const bed = testbed({ perTest: true });
  let natsProxy: TcpProxy;

  beforeEach(async () => {
    const { nats, db, keys } = bed;
    natsProxy = bed.closeAfter(await tcpProxy(endpointOf(nats.url, 4222)));
    bed.closeAfter(
      await startProjector(
        projectorEnvFor({ ...nats, url: viaProxy(nats.url, natsProxy) }, db.url, keys, {
          PROJECTOR_BATCH_SIZE: "50",
          INGEST_CONCURRENCY: "4",
        }),
      ),
    );
  });

  it("binds again when its consumer is deleted under it, and projects what follows", async () => {
    const { nats, db, keys } = bed;
    const first = [f.connected(0), ...inbound(1, 5)];
    const start = await appendPipelined(nats, keys, first);
    await waitFor(async () => (await checkpointOf(db.url)) === start, { what: "the first events" });

    // The consumer of the org's partition (docs/decisions/020).
    await nats.jsm.consumers.delete(nats.names.eventsStream, partitionDurable(nats.names.partitionOf(f.orgId)));
    const lastSeq = await appendPipelined(nats, keys, inbound(6, 10));
    // Well within one idle heartbeat (15 s) of the consume: the deletion itself must bring the rebind.
    await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, {
      timeoutMs: 10_000,
      what: "the events after the deletion to be projected",
    });
  });

  it("goes on after two reconnects in quick succession, each one binding again from the checkpoint", async () => {
    const { nats, db, keys } = bed;
    const first = [f.connected(0), ...inbound(1, 5)];
    const start = await appendPipelined(nats, keys, first);
    await waitFor(async () => (await checkpointOf(db.url)) === start, { what: "the first events" });

    // Two binds from one checkpoint a moment apart, as the cluster's rolling restart logged them.
    for (const pauseMs of [0, 50, 150, 400, 800]) {
      natsProxy.cut();
      natsProxy.restore();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      natsProxy.cut();
      natsProxy.restore();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    const lastSeq = await appendPipelined(nats, keys, inbound(6, 10));
    await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, {
      timeoutMs: 10_000,
      what: "the events after the reconnects to be projected",
    });
  });
});
