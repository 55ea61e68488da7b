import { createLogger, ServiceNats } from "@cloudpa/kit";
import { migrateReadModel } from "@cloudpa/read-model";
import { readAllRows } from "@cloudpa/read-model/testing";
import { testbed, waitFor } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { ReadModelDatabase } from "../database/read-model-database.js";
import {
  appendPipelined,
  checkpointOf,
  projectorEnvFor,
  startProjector,
  trafficOf,
  withClient,
} from "../testing/projector-harness.js";
import { rebuildReadModel } from "./rebuild.js";

describe("rebuild interrupted", () => {
  const bed = testbed();

  it("leaves the live read model untouched, and a second run starts clean and swaps in", async () => {
    const { nats, db, keys } = bed;
    const lastSeq = await appendPipelined(nats, keys, trafficOf(3000, { conversations: 100 }));
    const env = projectorEnvFor(nats, db.url, keys);
    bed.closeAfter(await startProjector(env));
    await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, { timeoutMs: 120_000, what: "live caught up" });
    const before = await withClient(db.url, (client) => readAllRows(client, "readmodel"));

    const projectorNats = await ServiceNats.connect(env, { clientName: "rebuild-interrupted-test" });
    const database = await ReadModelDatabase.open(db.url, "readmodel");
    try {
      const abort = new AbortController();
      const options = {
        nats: projectorNats,
        pool: database.pool,
        keyring: env.EVENT_PUBLIC_KEYS,
        migrateFreshSchema: (schema: string) => migrateReadModel(db.url, schema),
        logger: createLogger("rebuild", "silent"),
        batchSize: 500,
      };
      await expect(
        rebuildReadModel({ ...options, signal: abort.signal, onProgress: () => abort.abort() }),
      ).rejects.toThrow(/interrupted/);
      // Interrupted while its fresh schema is migrated (Ctrl-C stops the CLI's migrating child too).
      const duringMigration = new AbortController();
      await expect(
        rebuildReadModel({
          ...options,
          signal: duringMigration.signal,
          migrateFreshSchema: async () => {
            duringMigration.abort();
            throw new Error("migrating schema readmodel_next failed (SIGINT)");
          },
        }),
      ).rejects.toThrow("rebuild interrupted; the live read model is untouched, run it again");
      const failing = () => Promise.reject(new Error("migrating schema readmodel_next failed (exit 1): no database"));
      await expect(rebuildReadModel({ ...options, migrateFreshSchema: failing })).rejects.toThrow(/no database/);
      expect(await withClient(db.url, (client) => readAllRows(client, "readmodel"))).toEqual(before);
      expect(await checkpointOf(db.url)).toBe(lastSeq);

      const report = await rebuildReadModel(options);
      expect(report.loadedEvents).toBe(lastSeq);
    } finally {
      await database.close();
      await projectorNats.close();
    }
    expect(await withClient(db.url, (client) => readAllRows(client, "readmodel"))).toEqual(before);
    const schemas = await withClient(
      db.url,
      async (client) =>
        (await client.query("select schema_name from information_schema.schemata where schema_name like 'readmodel%'"))
          .rows,
    );
    expect(schemas.map((row) => row.schema_name)).toEqual(["readmodel"]);
  }, 300_000);
});
