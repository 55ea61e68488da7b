import { eventFactory } from "@cloudpa/read-model/testing";
import { testbed, waitFor } from "@cloudpa/testkit";
import { beforeEach, describe, expect, it } from "vitest";
import { appendPipelined, checkpointOf, projectorEnvFor, startProjector } from "../testing/projector-harness.js";
import { partitionDurable, STALL_CHECK_MS } from "./projector-consumer.js";

const f = eventFactory();
const inbound = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => f.inbound(from + index, (from + index) % 7, from + index));

// In the 3-node tier's rolling restart a partition's consumer stayed bound while the server answered
// its pull with heartbeats only: events pending for it, nothing delivered, no status from the library
// (no missed heartbeat, no deletion), so the partition stood still for good. Here one server stands
// still the same way: the consumer's max_ack_pending is lowered to 1 and that one slot is held by a
// pull of the test's own, so the projector's pull is answered (heartbeats) but never fed.
describe("projector's consumer answered but never fed", () => {
  const bed = testbed({ perTest: true });

  beforeEach(async () => {
    const { nats, db, keys } = bed;
    bed.closeAfter(
      await startProjector(
        projectorEnvFor(nats, db.url, keys, { PROJECTOR_BATCH_SIZE: "50", INGEST_CONCURRENCY: "4" }),
      ),
    );
  });

  it(
    "binds again at its checkpoint once the server holds events for it and delivers none",
    async () => {
      const { nats, db, keys } = bed;
      const start = await appendPipelined(nats, keys, [f.connected(0), ...inbound(1, 5)]);
      await waitFor(async () => (await checkpointOf(db.url)) === start, { what: "the first events" });

      const stream = nats.names.eventsStream;
      const durable = partitionDurable(nats.names.partitionOf(f.orgId));
      await nats.jsm.consumers.update(stream, durable, { max_ack_pending: 1 });
      // A pull of the test's own, waiting behind the projector's: the server feeds them in turn, so it
      // takes one of the next events and keeps it in progress, and with it the one slot.
      const holding = (await nats.js.consumers.get(stream, durable)).next({ expires: 10_000 });
      const lastSeq = await appendPipelined(nats, keys, inbound(6, 10));
      const held = await holding;
      expect(held?.seq).toBeGreaterThan(start);
      const keep = setInterval(() => held?.working(), 2_000);
      try {
        const info = await nats.jsm.consumers.info(stream, durable);
        expect(info.num_pending).toBeGreaterThan(0);
        // Nothing in the library ends this (its pull is answered), so only the projector's own check can.
        await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, {
          timeoutMs: STALL_CHECK_MS * 3,
          what: "the events held back to be projected after a rebind",
        });
      } finally {
        clearInterval(keep);
      }
      // Idle for STALL_CHECK_MS, then found withheld on two checks STALL_CHECK_MS / 3 apart, then bound again.
    },
    STALL_CHECK_MS * 5,
  );
});
