import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CloudpaEvent, cloudpaNames, DEFAULT_EVENT_PARTITIONS } from "@cloudpa/contracts";
import { ensureStreams } from "@cloudpa/kit";
import { readPartitionCheckpoints } from "@cloudpa/read-model";
import { freePort, type TestNats, testbed, uniqueName, waitFor } from "@cloudpa/testkit";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  appendEvents,
  projectorEnvFor,
  type RunningProjector,
  startProjector,
  trafficOf,
  withClient,
} from "../../testing/projector-harness.js";
import { PROJECTOR_RUNNER } from "../consumer.module.js";
import { PARTITION_TAKEOVER_MS, type PartitionSupervisor } from "./partition-supervisor.js";

/** A nats-server of this test's own on a free loopback port, with JetStream in a temp directory. */
async function startNatsServer(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), "cloudpa-paused-nats-"));
  const child = spawn("nats-server", ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", storeDir], {
    stdio: "ignore",
  });
  const url = `nats://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const nc = await connect({ servers: url, reconnect: false }).catch(() => undefined);
      await nc?.close();
      return nc !== undefined;
    },
    { what: "the test's nats-server to listen" },
  );
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGKILL");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** Each partition's last stream sequence among the appended events. */
function lastSeqByPartition(nats: TestNats, events: CloudpaEvent[], seqs: number[]): Map<number, number> {
  const last = new Map<number, number>();
  for (const [index, event] of events.entries()) last.set(nats.names.partitionOf(event.orgId), seqs[index] ?? 0);
  return last;
}

async function checkpointsOf(nats: TestNats, databaseUrl: string): Promise<Map<number, number>> {
  const rows = await withClient(databaseUrl, (client) => readPartitionCheckpoints(client, "readmodel"));
  return new Map(
    rows.filter((row) => row.stream === nats.names.eventsStream).map((row) => [row.partition, row.lastSeq]),
  );
}

function reached(wanted: Map<number, number>, checkpoints: Map<number, number>): boolean {
  return [...wanted].every(([partition, seq]) => (checkpoints.get(partition) ?? 0) >= seq);
}

// The projector's one NATS server stops answering (SIGSTOP: the process is frozen, its sockets stay
// open, nothing is refused) for longer than a lease lives: every partition's consumer stops ("lease
// not renewed in time"). Once the server answers again the partitions are claimed anew and each
// consumer must bind again and project what came meanwhile, whatever the stopped ones left pending.
describe("the projector's NATS server paused and resumed (issue 17)", () => {
  const bed = testbed({ database: true });
  let server: Awaited<ReturnType<typeof startNatsServer>>;
  let nats: TestNats;
  let projector: RunningProjector;

  beforeEach(async () => {
    server = await startNatsServer();
    const names = cloudpaNames(uniqueName(), { partitions: DEFAULT_EVENT_PARTITIONS });
    const nc = await connect({ servers: server.url, name: "test-paused" });
    const { jsm, kv } = await ensureStreams(nc, names, { duplicateWindowMs: 60 * 60 * 1000, replicas: 1 });
    nats = { url: server.url, nc, js: jetstream(nc), jsm, kv, names, cleanup: () => nc.close() };
    projector = await startProjector(
      projectorEnvFor(nats, bed.db.url, bed.keys, {
        PROJECTOR_BATCH_SIZE: "20",
        INGEST_CONCURRENCY: "2",
        LOG_LEVEL: process.env.TEST_PROJECTOR_LOG_LEVEL ?? "silent",
      }),
    );
  });

  afterEach(async () => {
    server.child.kill("SIGCONT");
    await projector?.close();
    await nats?.cleanup().catch(() => undefined);
    await server?.stop();
  });

  const gauge = async (name: string) => {
    const metrics = await (await fetch(`${projector.baseUrl}/metrics`)).text();
    return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, "m").exec(metrics)?.[1] ?? -1);
  };

  it("binds every partition's consumer again and projects up to the stream's last sequence", async () => {
    const before = trafficOf(120, { orgs: 12, orgSeed: "paused-before" });
    const beforeSeqs = (await appendEvents(nats, bed.keys, before)).map((ack) => ack.seq);
    const wantedBefore = lastSeqByPartition(nats, before, beforeSeqs);
    await waitFor(async () => reached(wantedBefore, await checkpointsOf(nats, bed.db.url)), {
      timeoutMs: 30_000,
      what: "the events before the pause to be projected",
    });

    server.child.kill("SIGSTOP");
    // A scrape while every partition is still held answers within the probe budget, with the
    // streams unavailable and no lag, instead of waiting for each held partition's consumer info
    // to time out in turn (80 s: Prometheus gave up at 10 s, and every metric was lost).
    const runner = projector.app.get<PartitionSupervisor>(PROJECTOR_RUNNER);
    expect(runner.heldPartitions()).toHaveLength(DEFAULT_EVENT_PARTITIONS);
    const scrapeStarted = performance.now();
    const frozen = await (await fetch(`${projector.baseUrl}/metrics`)).text();
    expect(performance.now() - scrapeStarted).toBeLessThan(10_000); // Prometheus's default scrape timeout
    const available = new RegExp(`^cloudpa_stream_available\\{stream="${nats.names.eventsStream}"[^}]*\\} 0$`, "m");
    expect(frozen).toMatch(available);
    expect(frozen).not.toMatch(/^projector_lag_events\{/m);
    expect(frozen).toMatch(/^projector_events_applied_total\{[^}]*\} [1-9]/m);
    // Readiness asks NATS, not whether the socket is open: a frozen server leaves it open.
    const readiness = await fetch(`${projector.baseUrl}/readyz`);
    expect(readiness.status).toBe(503);
    expect(((await readiness.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({ nats: false });

    // Longer than a lease lives without renewal: every partition's consumer stops.
    await waitFor(async () => runner.heldPartitions().length === 0, {
      timeoutMs: 20_000,
      what: "the projector to give its partitions up while NATS is frozen",
    });
    server.child.kill("SIGCONT");

    const after = trafficOf(120, { orgs: 12, orgSeed: "paused-before", offset: 120 });
    const afterSeqs = (await appendEvents(nats, bed.keys, after)).map((ack) => ack.seq);
    const wanted = lastSeqByPartition(nats, [...before, ...after], [...beforeSeqs, ...afterSeqs]);
    await waitFor(async () => reached(wanted, await checkpointsOf(nats, bed.db.url)), {
      timeoutMs: 30_000,
      what: "every partition's checkpoint to reach its last sequence after the resume",
    });
    expect(await gauge("projector_partitions_held")).toBe(DEFAULT_EVENT_PARTITIONS);
    // The unheld gauge and the 'partitions' check are the bucket as last surveyed (every
    // LEASE_SCAN_MS), not this instance's own state: a survey read while the claims were still being
    // written says 16 unheld until the next one. Within the takeover time they must say none.
    await waitFor(async () => (await gauge("projector_partitions_unheld")) === 0, {
      timeoutMs: PARTITION_TAKEOVER_MS,
      what: "a survey of the leases bucket to find every partition held",
    });
    const ready = (await (await fetch(`${projector.baseUrl}/readyz`)).json()) as { checks: Record<string, boolean> };
    expect(ready.checks).toMatchObject({ consumer: true, partitions: true });
  }, 90_000);
});
