import { readPartitionCheckpoints } from "@cloudpa/read-model";
import { endpointOf, tcpProxy, testbed, viaProxy } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import {
  appendPipelined,
  everyPartitionBound,
  projectorCaughtUp,
  projectorEnvFor,
  startProjector,
  trafficOf,
  withClient,
} from "../../testing/projector-harness.js";
import { LEASE_TTL_MS } from "./partition-leases.js";

/** Each partition's fencing token, as its checkpoint row holds it (written at every bind). */
async function leaseEpochs(databaseUrl: string, stream: string): Promise<Map<number, number>> {
  const rows = await withClient(databaseUrl, (client) => readPartitionCheckpoints(client, "readmodel"));
  return new Map(rows.filter((row) => row.stream === stream).map((row) => [row.partition, row.leaseEpoch]));
}

// nats-server answers one connection's requests one after another, and 2.9 counts a filtered
// consumer's pending events at each create and info: binding the 16 partitions of a 100,000-event
// stream took seconds there. Renewed on the same connection, the leases waited behind those
// answers, all of them expired, and every partition was bound again, which asked for more of the
// same (docs/decisions/042). Here the proxy holds the consumers' connection back for longer than a
// holder waits for a renewal: the leases, on a connection of their own, must be kept, and the
// projection go on under the same fencing tokens.
describe("the projector's leases while its consumers' connection answers late", () => {
  const bed = testbed();

  it("keeps every partition's lease and fencing token, and projects what came meanwhile", async () => {
    const { nats, db, keys } = bed;
    const proxy = bed.closeAfter(await tcpProxy(endpointOf(nats.url, 4222)));
    const projector = bed.closeAfter(
      await startProjector(
        projectorEnvFor({ ...nats, url: viaProxy(nats.url, proxy) }, db.url, keys, { PROJECTOR_BATCH_SIZE: "20" }),
      ),
    );
    const partitions = nats.names.partitions;
    const before = trafficOf(80, { orgs: 8, orgSeed: "held-up" });
    const beforeSeq = await appendPipelined(nats, keys, before);
    await projectorCaughtUp(nats, db.url, beforeSeq, { timeoutMs: 30_000 });
    const supervisor = await everyPartitionBound(projector, partitions);
    const epochs = await leaseEpochs(db.url, nats.names.eventsStream);
    expect(epochs.size).toBe(partitions);

    // Every request on the consumers' connection answered 4 s late (2 s each way): within the
    // JetStream requests' own timeout (5 s), longer than a holder waits for a renewal (3.5 s).
    proxy.delay(2_000, { clientName: "cloudpa-projector" });
    let fewestHeld = partitions;
    const watch = setInterval(() => {
      fewestHeld = Math.min(fewestHeld, supervisor.heldPartitions().length);
    }, 100);
    try {
      const during = trafficOf(40, { orgs: 8, orgSeed: "held-up", offset: 80 });
      const duringSeq = await appendPipelined(nats, keys, during);
      // Several renewal rounds while held back.
      await new Promise((resolve) => setTimeout(resolve, 2 * LEASE_TTL_MS));
      proxy.delay(0);
      await projectorCaughtUp(nats, db.url, duringSeq, { timeoutMs: 30_000 });
    } finally {
      clearInterval(watch);
      proxy.delay(0);
    }
    expect(fewestHeld).toBe(partitions);
    expect(await leaseEpochs(db.url, nats.names.eventsStream)).toEqual(epochs);
  }, 90_000);
});
