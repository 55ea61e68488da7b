import type { ChildProcess } from "node:child_process";
import type { CloudpaEvent } from "@cloudpa/contracts";
import { allRowsOf, migrateReadModel, readPartitionCheckpoints } from "@cloudpa/read-model";
import { readAllRows } from "@cloudpa/read-model/testing";
import { startNode, type TestNats, testbed, waitFor } from "@cloudpa/testkit";
import { Kvm } from "@nats-io/kv";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  appendPipelined,
  buildProjector,
  foldOf,
  processEnvFor,
  trafficOf,
  withClient,
} from "../../testing/projector-harness.js";
import { PROJECTOR_DURABLE } from "../projector-consumer.js";
import { PartitionLeases } from "./partition-leases.js";

/** Who holds which partition now, as the leases bucket says (instance ids carry the pid). */
async function holdersOf(nats: TestNats): Promise<Map<number, string>> {
  const name = nats.names.projectorLeasesBucket;
  const kv = await new Kvm(nats.nc).open(name);
  const leases = new PartitionLeases({ name, kv, jsm: nats.jsm }, "test-observer", PROJECTOR_DURABLE);
  const { holders } = await leases.survey();
  return new Map([...holders].map(([partition, holder]) => [partition, holder.instance]));
}

function pidOf(instance: string): number {
  return Number(instance.split("-").at(-2));
}

function partitionsOfPid(holders: Map<number, string>, pid: number | undefined): number[] {
  return [...holders].filter(([, instance]) => pidOf(instance) === pid).map(([partition]) => partition);
}

/** The read model has every message of `events` (the projectors caught up with them). */
async function caughtUp(databaseUrl: string, events: CloudpaEvent[]): Promise<boolean> {
  const expected = events.filter((e) => e.type === "InboundMessageReceived" || e.type === "ReplySent").length;
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query("select count(*)::int as n from readmodel.message"),
  );
  return rows[0]?.n === expected;
}

function exitOf(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once("exit", resolve));
}

describe("projector instances sharing the partitions (docs/decisions/020)", () => {
  const bed = testbed();
  const children: ChildProcess[] = [];
  const outputs: { stdout: string; stderr: string }[] = [];
  /** What the first test appended: the read model holds it too. */
  const appended: CloudpaEvent[] = [];
  const env = () => ({
    ...processEnvFor(bed.nats, bed.db.url, bed.keys),
    PROJECTOR_PORT: "0",
    PROJECTOR_BATCH_SIZE: "50",
    LOG_LEVEL: "info",
  });
  const spawn = () => {
    const { child, output } = startNode("services/projector/dist/main.js", [], env());
    children.push(child);
    outputs.push(output);
    bed.closeAfter(child, async (process) => {
      process.kill("SIGKILL");
    });
    return child;
  };

  beforeAll(async () => {
    await buildProjector();
    await migrateReadModel(bed.db.url);
  });

  afterEach((context) => {
    // The instances' logs (claims, give-ups, takeovers) when a case failed.
    if (context.task.result?.state === "fail") {
      for (const [index, output] of outputs.entries()) {
        console.info(
          `instance ${index}:\n${output.stdout
            .split("\n")
            .filter((line) => !line.includes('"level":"debug"'))
            .join("\n")}${output.stderr}`,
        );
      }
    }
  });

  it("takes a SIGKILLed instance's partitions over within 10 s, and the read model equals the fold of the stream", async () => {
    const { nats, db, keys } = bed;
    const partitions = nats.names.partitions;
    const events = trafficOf(12_000, { orgs: 64, conversations: 10 });
    const first = events.slice(0, 6_000);
    const rest = events.slice(6_000);
    await appendPipelined(nats, keys, first);
    appended.push(...first);
    const instances = [spawn(), spawn(), spawn()];
    // All three share the partitions, and they are busy with the backlog.
    await waitFor(
      async () => {
        const holders = await holdersOf(nats);
        return holders.size === partitions && new Set([...holders.values()].map(pidOf)).size === 3;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: "three instances holding every partition" },
    );
    // More events keep coming while one instance dies (few in flight: the machine is shared).
    const loading = appendPipelined(nats, keys, rest, 50);
    loading.catch(() => undefined);
    const victim = instances[1] as ChildProcess;
    const victims = partitionsOfPid(await holdersOf(nats), victim.pid);
    expect(victims.length).toBeGreaterThan(0);
    const epochsBefore = new Map(
      (await withClient(db.url, (client) => readPartitionCheckpoints(client, "readmodel"))).map((row) => [
        row.partition,
        row.leaseEpoch,
      ]),
    );
    const exited = exitOf(victim);
    victim.kill("SIGKILL");
    const killedAt = performance.now();
    await exited;
    // Taken over: another instance holds the lease and has written its fencing token into the
    // partition's checkpoint (it binds right after).
    await waitFor(
      async () => {
        const holders = await holdersOf(nats);
        const rows = await withClient(db.url, (client) => readPartitionCheckpoints(client, "readmodel"));
        const epochs = new Map(rows.map((row) => [row.partition, row.leaseEpoch]));
        return victims.every((partition) => {
          const holder = holders.get(partition);
          return (
            holder !== undefined &&
            pidOf(holder) !== victim.pid &&
            (epochs.get(partition) ?? 0) > (epochsBefore.get(partition) ?? 0)
          );
        });
      },
      { timeoutMs: 30_000, intervalMs: 100, what: "the killed instance's partitions taken over" },
    );
    const takeoverSeconds = (performance.now() - killedAt) / 1000;
    console.info(`takeover of ${victims.length} partitions after SIGKILL: ${takeoverSeconds.toFixed(2)} s`);
    await loading;
    appended.push(...rest);
    expect(takeoverSeconds).toBeLessThan(10);

    await waitFor(() => caughtUp(db.url, events), {
      timeoutMs: 180_000,
      intervalMs: 500,
      what: "the survivors to project every event",
    });
    const rows = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    // Applied once each: a second application would count a message twice in its conversation.
    expect(rows).toEqual(allRowsOf(foldOf(events)));
  }, 360_000);

  it("splits the partitions when a second instance starts, without restarting the first, and gives them all back when it stops", async () => {
    const { nats, db, keys } = bed;
    const partitions = nats.names.partitions;
    // The first case's instances go (the one it killed is gone already).
    for (const child of children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = exitOf(child);
      child.kill("SIGTERM");
      await exited;
    }
    const a = spawn();
    await waitFor(async () => partitionsOfPid(await holdersOf(nats), a.pid).length === partitions, {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: "one instance holding every partition",
    });
    const b = spawn();
    await waitFor(
      async () => {
        const holders = await holdersOf(nats);
        const ofA = partitionsOfPid(holders, a.pid).length;
        const ofB = partitionsOfPid(holders, b.pid).length;
        return ofA + ofB === partitions && Math.abs(ofA - ofB) <= 1;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: "the partitions split between two instances" },
    );
    expect(a.exitCode).toBeNull();
    // Both project: a backlog over other orgs, applied once.
    const events = trafficOf(3_000, { orgs: 32, conversations: 5, orgSeed: "rebalance" });
    await appendPipelined(nats, keys, events);

    const stopped = exitOf(b);
    b.kill("SIGTERM");
    await stopped;
    const stoppedAt = performance.now();
    await waitFor(async () => partitionsOfPid(await holdersOf(nats), a.pid).length === partitions, {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: "the remaining instance holding every partition",
    });
    const backSeconds = (performance.now() - stoppedAt) / 1000;
    console.info(`every partition back with one instance ${backSeconds.toFixed(2)} s after the other's SIGTERM`);
    expect(a.exitCode).toBeNull();
    const more = trafficOf(1_000, { orgs: 32, conversations: 5, orgSeed: "rebalance-after" });
    await appendPipelined(nats, keys, more);
    const all = [...appended, ...events, ...more];
    await waitFor(() => caughtUp(db.url, all), { timeoutMs: 120_000, intervalMs: 500, what: "every event projected" });
    const rows = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(rows).toEqual(allRowsOf(foldOf(all)));
  }, 240_000);
});
