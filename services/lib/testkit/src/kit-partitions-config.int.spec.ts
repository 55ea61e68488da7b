// The set-up's record of the partition count (docs/decisions/019), through the test kit's set-up.
import { cloudpaNames, EVENT_PARTITIONS_KEY } from "@cloudpa/contracts";
import { ensureStreams, PartitionCountChangedError, readEventPartitions, readPartitionedSince } from "@cloudpa/kit";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestNats, testNats } from "./test-nats.js";

const options = { duplicateWindowMs: 60_000, replicas: 1 };

describe("the set-up records the partition count", () => {
  let nats: TestNats;
  beforeAll(async () => {
    nats = await testNats({ partitions: 8 });
  });
  afterAll(() => nats.cleanup());

  it("records it once, with a new stream partitioned from its start, and keeps it on every later set-up", async () => {
    const config = await new Kvm(nats.nc).open(nats.names.configBucket);
    expect(await readEventPartitions(config, nats.names)).toBe(8);
    expect((await readPartitionedSince(config))?.record).toMatchObject({ partitions: 8, afterSeq: 0, by: "set-up" });

    await ensureStreams(nats.nc, nats.names, options);
    expect(await readEventPartitions(config, nats.names)).toBe(8);
    expect((await config.get(EVENT_PARTITIONS_KEY))?.revision).toBe(2);
  });

  it("refuses another count: stored subjects carry the one recorded", async () => {
    const other = cloudpaNames(nats.names.namespace, { partitions: 16 });
    const failure = await ensureStreams(nats.nc, other, options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartitionCountChangedError);
    expect((failure as Error).message).toContain("set up with 8 partitions");
  });

  it("leaves a stream that holds events from before partitions to `cloudpa partitions migrate`", async () => {
    const config = await new Kvm(nats.nc).open(nats.names.configBucket);
    await config.purge(EVENT_PARTITIONS_KEY);
    await config.purge("partitioned-since");
    await nats.js.publish(nats.names.legacyConversationEventSubject("org", "conv", "inbound_received"), "{}");

    await ensureStreams(nats.nc, nats.names, options);
    expect(await readEventPartitions(config, nats.names)).toBe(8);
    expect(await readPartitionedSince(config)).toBeNull();
  });
});
