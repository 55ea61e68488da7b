import { testbed } from "@cloudpa/testkit";
import { Kvm } from "@nats-io/kv";
import { describe, expect, it } from "vitest";
import { PartitionLeases } from "./partition-leases.js";

// A renewal can be written while its answer is lost (the connection dropped meanwhile): the holder
// still has the revision of before, and the server refuses the next renewal made at it. Taken for a
// lost lease, the partition stopped and stood unheld until the bucket expired the key, though
// nobody else had taken it (decision 042).
describe("a partition's lease renewed at a revision an unanswered renewal moved on", () => {
  const bed = testbed({ database: false });

  async function leasesOf(instance: string): Promise<PartitionLeases> {
    const { nats } = bed;
    const name = nats.names.projectorLeasesBucket;
    const kv = await new Kvm(nats.nc).open(name);
    return new PartitionLeases({ name, kv, jsm: nats.jsm }, instance, "lease-answer-lost");
  }

  it("is kept, at the revision the key has, when the key still names this instance", async () => {
    const leases = await leasesOf("instance-a");
    const epoch = await leases.claim(3);
    expect(epoch).toBeDefined();
    // Written, answer lost: the holder never learns this revision.
    const written = await leases.renew(3, epoch ?? 0);
    expect(written).toBeGreaterThan(epoch ?? 0);

    expect(await leases.renew(3, epoch ?? 0)).toBe(written);
    // And renewals go on from there.
    expect(await leases.renew(3, written ?? 0)).toBeGreaterThan(written ?? 0);
  });

  it("is lost when another instance holds the key by now", async () => {
    const a = await leasesOf("instance-a");
    const b = await leasesOf("instance-b");
    const epoch = (await a.claim(5)) ?? 0;
    const takenOver = await b.takeOver(5, epoch);
    expect(takenOver).toBeGreaterThan(epoch);

    expect(await a.renew(5, epoch)).toBeUndefined();
    // Nor can the old holder take it back at its old revision.
    expect(await a.takeOver(5, epoch)).toBeUndefined();
  });
});
