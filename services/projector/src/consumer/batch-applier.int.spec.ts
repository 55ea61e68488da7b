import { migrateReadModel } from "@cloudpa/read-model";
import { eventFactory } from "@cloudpa/read-model/testing";
import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchApplier, SequenceGapError } from "./batch-applier.js";
import type { OpenedEvent } from "./stream-event.js";

const f = eventFactory();

function opened(seq: number, event = f.inbound(seq, 1, seq)): OpenedEvent {
  return {
    source: { seq, subject: "s", data: new Uint8Array(), header: () => undefined, storedAt: new Date(0) },
    event,
  };
}

describe("batch applier", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let applier: BatchApplier;
  beforeAll(async () => {
    db = await testDatabase();
    await migrateReadModel(db.url);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    applier = new BatchApplier(pool, { schema: "readmodel", stream: "s", lockName: "test" });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it("skips events at or below the checkpoint, so a redelivered batch doubles nothing", async () => {
    expect(await applier.apply([opened(1), opened(2)], { allowGap: true })).toMatchObject({
      checkpoint: 2,
      applied: 2,
    });
    expect(await applier.apply([opened(1), opened(2), opened(3)])).toMatchObject({
      checkpoint: 3,
      applied: 1,
      skipped: 2,
    });
    const { rows } = await pool.query("select unread_count from readmodel.conversation");
    expect(rows).toEqual([{ unread_count: 3 }]);
  });

  it("refuses a batch that does not start right after the checkpoint, unless told the gap is real", async () => {
    await expect(applier.apply([opened(5)])).rejects.toBeInstanceOf(SequenceGapError);
    expect(await applier.apply([opened(5)], { allowGap: true })).toMatchObject({ checkpoint: 5, applied: 1 });
  });
});
