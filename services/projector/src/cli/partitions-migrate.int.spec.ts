// `cloudpa partitions migrate` (docs/decisions/019) on real NATS and Postgres: a stream from before
// partitions, projected by the single checkpoint, moves to partitions while the inbox answers.
import { PARTITIONED_SINCE_KEY } from "@cloudpa/contracts";
import { readPartitionedSince, ServiceNats } from "@cloudpa/kit";
import { allRowsOf, inboxPage, readCheckpoint, readPartitionCheckpoints } from "@cloudpa/read-model";
import { readAllRows } from "@cloudpa/read-model/testing";
import { appendLegacy, testbed, waitFor } from "@cloudpa/testkit";
import { Kvm } from "@nats-io/kv";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendEvents,
  foldOf,
  projectorEnvFor,
  type RunningProjector,
  signingKeyOf,
  startProjector,
  trafficOf,
  withClient,
} from "../testing/projector-harness.js";
import { lastLegacySeq, MigrationRefused, migrateToPartitions } from "./partitions-migrate.js";

const SCHEMA = "readmodel";
const QUIET_MS = 1500;

describe("moving a stream from before partitions to partitions", () => {
  const bed = testbed();
  let service: ServiceNats;
  let pool: pg.Pool;
  let projector: RunningProjector | undefined;
  // Four orgs over sixteen partitions; the same conversations before and after the migration.
  const events = trafficOf(480, { orgs: 4, conversations: 12 });
  const before = events.slice(0, 320);
  const after = events.slice(320);

  const start = async () => {
    projector = await startProjector(projectorEnvFor(bed.nats, bed.db.url, bed.keys, { PROJECTOR_BATCH_SIZE: "40" }));
  };
  const stop = async () => {
    await projector?.close();
    projector = undefined;
  };
  const wholeCheckpoint = () => withClient(bed.db.url, (client) => readCheckpoint(client, SCHEMA));
  const rows = () => withClient(bed.db.url, (client) => readAllRows(client, SCHEMA));

  beforeAll(async () => {
    const { nats, keys } = bed;
    // An installation from before partitions: its set-up recorded the count, not that it is partitioned.
    await (await new Kvm(nats.nc).open(nats.names.configBucket)).purge(PARTITIONED_SINCE_KEY);
    for (const event of before) await appendLegacy(nats.js, nats.names, event, signingKeyOf(keys, event));
    service = await ServiceNats.connect(
      { NATS_URL: nats.url, CLOUDPA_NAMESPACE: nats.names.namespace },
      { clientName: "test-partitions-migrate" },
    );
    pool = new pg.Pool({ connectionString: bed.db.url, max: 2 });
    await start();
    const legacyEnd = await lastLegacySeq(service);
    expect(legacyEnd).toBe(before.length);
    await waitFor(async () => (await wholeCheckpoint()) === legacyEnd, {
      timeoutMs: 60_000,
      what: "legacy projection",
    });
  });
  afterAll(async () => {
    await stop();
    await pool?.end();
    await service?.close();
  });

  it("refuses while the projector from before partitions still consumes", async () => {
    const refused = await migrateToPartitions({ nats: service, pool, schema: SCHEMA, quietMs: QUIET_MS }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(MigrationRefused);
    expect((refused as MigrationRefused).code).toBe("PARTITIONS.PROJECTOR_RUNNING");
    expect(await readPartitionedSince(await service.bucket(service.names.configBucket))).toBeNull();
  });

  it("refuses while a producer from before partitions still appends, and when that event is not projected", async () => {
    await stop();
    const { nats, keys } = bed;
    const straggler = after[0]!;
    const migrating = migrateToPartitions({ nats: service, pool, schema: SCHEMA, quietMs: QUIET_MS });
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 3));
    await appendLegacy(nats.js, nats.names, straggler, signingKeyOf(keys, straggler));
    const refused = await migrating.catch((error: unknown) => error);
    expect((refused as MigrationRefused).code).toBe("PARTITIONS.OLD_PRODUCERS");

    const notCaughtUp = await migrateToPartitions({ nats: service, pool, schema: SCHEMA, quietMs: 200 }).catch(
      (error: unknown) => error,
    );
    expect((notCaughtUp as MigrationRefused).code).toBe("PARTITIONS.NOT_CAUGHT_UP");

    // The operator lets the projector from before partitions apply it, and stops it again.
    await start();
    await waitFor(async () => (await wholeCheckpoint()) === before.length + 1, { what: "the straggler projected" });
    await stop();
  });

  it("migrates while the inbox answers, then projects new-format events by partition: the fold of the whole stream, nothing lost or doubled", async () => {
    const { nats, keys } = bed;
    const orgId = before[0]!.orgId;
    const inboxBefore = await inboxPage(pool, { orgId, limit: 100, schema: SCHEMA });
    expect(inboxBefore.conversations.length).toBeGreaterThan(0);

    let answered = 0;
    let failed = 0;
    let migrating = true;
    const inboxLoad = (async () => {
      while (migrating) {
        await inboxPage(pool, { orgId, limit: 100, schema: SCHEMA }).then(
          (page) => {
            if (page.conversations.length === inboxBefore.conversations.length) answered++;
            else failed++;
          },
          () => failed++,
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const lines: string[] = [];
    const outcome = await migrateToPartitions({
      nats: service,
      pool,
      schema: SCHEMA,
      quietMs: QUIET_MS,
      progress: (line) => lines.push(line),
    });
    migrating = false;
    await inboxLoad;
    expect(failed).toBe(0);
    expect(answered).toBeGreaterThan(10);

    const legacyEnd = before.length + 1;
    expect(outcome).toMatchObject({ kind: "migrated", lastLegacySeq: legacyEnd });
    expect(outcome.since).toMatchObject({ partitions: 16, afterSeq: legacyEnd, by: "migrate" });
    expect(lines.join("\n")).toContain(`old-format events end at seq ${legacyEnd}`);
    const config = await service.bucket(service.names.configBucket);
    expect((await readPartitionedSince(config))?.record).toEqual(outcome.since);
    const seeded = await withClient(bed.db.url, (client) => readPartitionCheckpoints(client, SCHEMA));
    expect(seeded.filter((c) => c.partition >= 0).map((c) => c.lastSeq)).toEqual(new Array(16).fill(legacyEnd));

    // Run again: nothing to do.
    expect(await migrateToPartitions({ nats: service, pool, schema: SCHEMA, quietMs: QUIET_MS })).toMatchObject({
      kind: "already",
    });

    // The new producers' events for the same conversations, projected by the partitions' consumers.
    const fresh = after.slice(1);
    const acks = await appendEvents(nats, keys, fresh);
    const lastOfPartition = new Map<number, number>();
    fresh.forEach((event, at) => {
      const partition = nats.names.partitionOf(event.orgId);
      lastOfPartition.set(partition, Math.max(lastOfPartition.get(partition) ?? 0, acks[at]!.seq));
    });
    await start();
    await waitFor(
      async () => {
        const checkpoints = await withClient(bed.db.url, (client) => readPartitionCheckpoints(client, SCHEMA));
        return [...lastOfPartition].every(
          ([partition, last]) => (checkpoints.find((c) => c.partition === partition)?.lastSeq ?? 0) >= last,
        );
      },
      { timeoutMs: 60_000, what: "the partitions' consumers to apply the new events" },
    );
    // Nothing of the legacy segment applied again: the whole stream's checkpoint stayed.
    expect(await wholeCheckpoint()).toBe(legacyEnd);
    expect(await rows()).toEqual(allRowsOf(foldOf(events)));
  });
});
