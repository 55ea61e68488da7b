import type { CloudpaEvent } from "@cloudpa/contracts";
import { ServiceNats } from "@cloudpa/kit";
import { allRowsOf } from "@cloudpa/read-model";
import { eventFactory, readAllRows } from "@cloudpa/read-model/testing";
import { endpointOf, type TcpProxy, tcpProxy, testbed, viaProxy, waitFor } from "@cloudpa/testkit";
import { beforeEach, describe, expect, it } from "vitest";
import {
  appendPipelined,
  checkpointOf,
  foldOf,
  projectorEnvFor,
  type RunningProjector,
  startProjector,
  withClient,
} from "../testing/projector-harness.js";
import { partitionDurable } from "./projector-consumer.js";

const f = eventFactory();
const inbound = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => f.inbound(from + index, (from + index) % 7, from + index));

// JetStream hands the projector messages on its connection; when that connection drops, what was on
// the wire is gone, yet stays pending on the server until the ack wait (30 s) ends. These tests lose
// such messages on purpose: the proxy in front of NATS holds the server's deliveries back, and is cut
// while it holds them.
describe("projector's NATS connection dropped with deliveries on the wire", () => {
  const bed = testbed({ perTest: true });
  let natsProxy: TcpProxy;
  let postgresProxy: TcpProxy;
  let projector: RunningProjector;

  beforeEach(async () => {
    const { nats, db, keys } = bed;
    natsProxy = bed.closeAfter(await tcpProxy(endpointOf(nats.url, 4222)));
    postgresProxy = bed.closeAfter(await tcpProxy(endpointOf(db.url, 5432)));
    projector = bed.closeAfter(
      await startProjector(
        projectorEnvFor({ ...nats, url: viaProxy(nats.url, natsProxy) }, viaProxy(db.url, postgresProxy), keys, {
          PROJECTOR_BATCH_SIZE: "50",
          INGEST_CONCURRENCY: "4",
        }),
      ),
    );
  });

  /**
   * The stream sequence JetStream has handed the projector's consumer up to (sent, not necessarily
   * received): the consumer of the org's partition (docs/decisions/020).
   */
  const deliveredUpTo = async () =>
    (
      await bed.nats.jsm.consumers.info(
        bed.nats.names.eventsStream,
        partitionDurable(bed.nats.names.partitionOf(f.orgId)),
      )
    ).delivered.stream_seq;

  /** Messages the projector's own connection has received so far (it runs in this process). */
  const receivedByProjector = () => projector.app.get(ServiceNats).nc.stats().inMsgs;

  /** Publishes events while the proxy holds deliveries back, then cuts the connection with them on the wire. */
  async function loseInFlight(events: CloudpaEvent[]): Promise<number> {
    const { nats, keys } = bed;
    natsProxy.delay(5_000);
    const lastSeq = await appendPipelined(nats, keys, events);
    await waitFor(async () => (await deliveredUpTo()) === lastSeq, { what: "JetStream to send the events" });
    natsProxy.cut();
    natsProxy.delay(0);
    natsProxy.restore();
    return lastSeq;
  }

  async function expectReadModelIsTheFold(events: CloudpaEvent[]) {
    const { db } = bed;
    const rows = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(rows).toEqual(allRowsOf(foldOf(events)));
  }

  it("never applies a batch across the lost messages: the events after them wait for them", async () => {
    const { nats, db, keys } = bed;
    const first = [f.connected(0)];
    const start = await appendPipelined(nats, keys, first);
    await waitFor(async () => (await checkpointOf(db.url)) === start, { what: "the first event" });

    // Postgres away: the projector holds one event in hand and buffers what comes next.
    postgresProxy.cut();
    const held = inbound(1, 1);
    await appendPipelined(nats, keys, held);
    await waitFor(
      async () => {
        const metrics = await (await fetch(`${projector.baseUrl}/metrics`)).text();
        return Number(/projector_batch_retries_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0) >= 1;
      },
      { timeoutMs: 30_000, what: "the projector to hold a batch and retry it" },
    );
    const before = inbound(2, 10);
    // Counted before appending: deliveries can reach the projector while the append awaits its acks.
    const received = receivedByProjector();
    const beforeSeq = await appendPipelined(nats, keys, before);
    await waitFor(async () => (await deliveredUpTo()) === beforeSeq && receivedByProjector() >= received + 10, {
      what: "the projector to buffer the events before the cut",
    });

    const lost = inbound(12, 10);
    await loseInFlight(lost);
    const after = inbound(22, 10);
    const afterSeq = await appendPipelined(nats, keys, after);
    await waitFor(async () => (await deliveredUpTo()) >= afterSeq, {
      what: "JetStream to send the events after the cut",
    });
    await waitFor(async () => receivedByProjector() >= received + 20, {
      what: "the projector to receive the events after the cut",
    });

    // The buffer now holds the events before the cut and after it, with the lost ones between them.
    postgresProxy.restore();
    await waitFor(async () => (await checkpointOf(db.url)) === afterSeq, {
      timeoutMs: 20_000,
      what: "the checkpoint at the last event",
    });
    await expectReadModelIsTheFold([...first, ...held, ...before, ...lost, ...after]);
  });

  it("projects the events lost on the wire as soon as the connection is back, not after the ack wait", async () => {
    const { nats, db, keys } = bed;
    const first = [f.connected(0), ...inbound(1, 5)];
    const start = await appendPipelined(nats, keys, first);
    await waitFor(async () => (await checkpointOf(db.url)) === start, { what: "the first events" });

    // Nothing follows the lost events: no later delivery shows the projector that they are missing.
    const lost = inbound(6, 10);
    const lastSeq = await loseInFlight(lost);
    // JetStream would redeliver them after its 30 s ack wait; the reconnect itself must bring them.
    await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, {
      timeoutMs: 15_000,
      what: "the lost events to be projected well within the ack wait",
    });
    await expectReadModelIsTheFold([...first, ...lost]);
  });
});
