import { allRowsOf, migrateReadModel } from "@cloudpa/read-model";
import { readAllRows } from "@cloudpa/read-model/testing";
import { testbed, waitFor } from "@cloudpa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import {
  appendPipelined,
  buildProjector,
  checkpointOf,
  foldOf,
  processEnvFor,
  spawnProjector,
  trafficOf,
  withClient,
} from "../testing/projector-harness.js";

describe("projector killed mid-batch", () => {
  const bed = testbed();

  beforeAll(async () => {
    await buildProjector();
    await migrateReadModel(bed.db.url);
  });

  it("leaves, after SIGKILL and a restart, the read model equal to the fold of the stream", async () => {
    const { nats, db, keys } = bed;
    const events = trafficOf(6000, { conversations: 200 });
    const lastSeq = await appendPipelined(nats, keys, events);
    const env = {
      ...processEnvFor(nats, db.url, keys),
      PROJECTOR_PORT: "0",
      PROJECTOR_BATCH_SIZE: "100",
      LOG_LEVEL: "silent",
    };
    const first = spawnProjector(env);
    const exited = new Promise((resolve) => first.once("exit", resolve));
    await waitFor(async () => (await checkpointOf(db.url)) >= 1000, {
      timeoutMs: 120_000,
      what: "1000 events applied",
    });
    first.kill("SIGKILL");
    await exited;
    const atKill = await checkpointOf(db.url);
    expect(atKill).toBeLessThan(lastSeq);

    const second = spawnProjector(env);
    try {
      await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, {
        timeoutMs: 180_000,
        intervalMs: 200,
        what: "the restarted projector to reach the end of the stream",
      });
    } finally {
      second.kill("SIGTERM");
    }
    const rows = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(rows).toEqual(allRowsOf(foldOf(events)));
    expect(rows.messages).toHaveLength(
      events.filter((e) => e.type === "InboundMessageReceived" || e.type === "ReplySent").length,
    );
  }, 360_000);
});
