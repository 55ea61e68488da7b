import { eventFactory, readAllRows } from "@cloudpa/read-model/testing";
import { testbed, waitFor } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import {
  appendEvents,
  checkpointOf,
  foldOf,
  projectorEnvFor,
  startProjector,
  withClient,
} from "../testing/projector-harness.js";
import { partitionDurable } from "./projector-consumer.js";

const f = eventFactory();

/** Sequences erased from the stream (decision 010) are gaps the live projector expects. */
describe("live projector over erased sequences", () => {
  const bed = testbed();
  // One event a batch, so the erased sequence falls between two batches, past the first after binding.
  const env = () => projectorEnvFor(bed.nats, bed.db.url, bed.keys, { PROJECTOR_BATCH_SIZE: "1" });

  it("applies past messages deleted ahead of its checkpoint without rebinding, and projects what is stored", async () => {
    const { nats, db, keys } = bed;
    // The consumer of the org's partition (docs/decisions/020).
    const durable = partitionDurable(nats.names.partitionOf(f.orgId));
    let projector = bed.closeAfter(await startProjector(env()));
    const first = await appendEvents(nats, keys, [f.connected(0), f.inbound(1, 1, 1)]);
    await waitFor(async () => (await checkpointOf(db.url)) === first.at(-1)?.seq, { what: "the first events" });
    await projector.close();
    const previous = await nats.jsm.consumers.info(nats.names.eventsStream, durable);

    const later = [f.inbound(2, 2, 2), f.inbound(3, 3, 3), f.inbound(4, 4, 4), f.inbound(5, 5, 5)];
    const acks = await appendEvents(nats, keys, later);
    const erased = acks[1]?.seq ?? 0;
    await nats.jsm.streams.deleteMessage(nats.names.eventsStream, erased, true);

    projector = bed.closeAfter(await startProjector(env(), { migrate: false }));
    // Bound anew at the checkpoint (the durable of the first run is replaced).
    const bound = await waitFor(async () => {
      const info = await nats.jsm.consumers.info(nats.names.eventsStream, durable).catch(() => undefined);
      return info && info.created !== previous.created && info;
    });
    await waitFor(async () => (await checkpointOf(db.url)) === acks.at(-1)?.seq, {
      timeoutMs: 20_000,
      what: "the events after the erased one",
    });
    const after = await nats.jsm.consumers.info(nats.names.eventsStream, durable);
    // A rebind deletes and creates the durable consumer again.
    expect(after.created).toBe(bound.created);
    const stored = [f.connected(0), f.inbound(1, 1, 1), later[0], later[2], later[3]].filter((e) => e !== undefined);
    const rows = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(rows.messages.map((m) => m.body).sort()).toEqual(["message 1", "message 2", "message 4", "message 5"]);
    expect(rows.messages).toEqual(
      [...foldOf(stored).messages.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  });
});
