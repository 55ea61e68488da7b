import { allRowsOf } from "@cloudpa/read-model";
import { eventFactory, readAllRows } from "@cloudpa/read-model/testing";
import { endpointOf, type TcpProxy, tcpProxy, testbed, viaProxy, waitFor } from "@cloudpa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import {
  appendPipelined,
  checkpointOf,
  foldOf,
  projectorEnvFor,
  type RunningProjector,
  startProjector,
  trafficOf,
  withClient,
} from "../testing/projector-harness.js";

describe("Postgres unreachable for a while", () => {
  const bed = testbed();
  let proxy: TcpProxy;
  let projector: RunningProjector;

  beforeAll(async () => {
    const { nats, db, keys } = bed;
    proxy = bed.closeAfter(await tcpProxy(endpointOf(db.url, 5432)));
    projector = bed.closeAfter(
      await startProjector(projectorEnvFor(nats, viaProxy(db.url, proxy), keys, { PROJECTOR_BATCH_SIZE: "50" })),
    );
  });

  it("waits and retries while Postgres is cut off, then catches up with no loss", async () => {
    const { nats, db, keys } = bed;
    const events = trafficOf(600, { conversations: 40 });
    const before = await appendPipelined(nats, keys, events.slice(0, 200));
    await waitFor(async () => (await checkpointOf(db.url)) === before, { timeoutMs: 30_000, what: "first events" });

    proxy.cut();
    const lastSeq = await appendPipelined(nats, keys, events.slice(200));
    await waitFor(
      async () => {
        const metrics = await (await fetch(`${projector.baseUrl}/metrics`)).text();
        return Number(/projector_batch_retries_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0) >= 2;
      },
      { timeoutMs: 30_000, what: "the projector to retry" },
    );
    expect((await fetch(`${projector.baseUrl}/readyz`)).status).toBe(503);
    expect(await checkpointOf(db.url)).toBe(before);

    proxy.restore();
    await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, { timeoutMs: 60_000, what: "catch-up" });
    const rows = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(rows).toEqual(allRowsOf(foldOf(events)));
    expect((await fetch(`${projector.baseUrl}/readyz`)).status).toBe(200);
    expect(eventFactory().orgId).toBe(rows.conversations[0]?.orgId);
  });
});
