import { migrateReadModel } from "@cloudpa/read-model";
import { testbed, waitFor } from "@cloudpa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import {
  appendPipelined,
  buildProjector,
  checkpointOf,
  moduleTrace,
  processEnvFor,
  spawnProjector,
  trafficOf,
} from "./testing/projector-harness.js";

// Decision 040: the live projector runs the read model's write side on a plain pg pool; the ORM,
// its migrator and the web's query builder are about 15 MB of RSS it would carry for nothing.
describe("the live projector's process", () => {
  const bed = testbed();

  beforeAll(async () => {
    await buildProjector();
    await migrateReadModel(bed.db.url);
  });

  it("projects without loading MikroORM or kysely", async () => {
    const lastSeq = await appendPipelined(bed.nats, bed.keys, trafficOf(200, { conversations: 10 }));
    const trace = bed.closeAfter(moduleTrace());
    const projector = spawnProjector({
      ...processEnvFor(bed.nats, bed.db.url, bed.keys),
      PROJECTOR_PORT: "0",
      LOG_LEVEL: "silent",
      ...trace.env,
    });
    const exited = new Promise((resolve) => projector.once("exit", resolve));
    try {
      await waitFor(async () => (await checkpointOf(bed.db.url)) === lastSeq, {
        timeoutMs: 60_000,
        what: "the projector to apply the stream",
      });
    } finally {
      projector.kill("SIGTERM");
      await exited;
    }
    const modules = trace.modulesOf();
    expect(modules.some((url) => url.includes("read-model/dist/projection.js"))).toBe(true);
    expect(modules.filter((url) => /@mikro-orm|kysely/.test(url))).toEqual([]);
  }, 120_000);
});
