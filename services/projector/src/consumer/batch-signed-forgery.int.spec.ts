import { type CloudpaEvent, HEADER_BATCH, msgIdOf, type SignedMessage, signBatch, subjectOf } from "@cloudpa/contracts";
import { allRowsOf } from "@cloudpa/read-model";
import { eventFactory, readAllRows } from "@cloudpa/read-model/testing";
import { testbed, waitFor } from "@cloudpa/testkit";
import { headers } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { checkpointOf, foldOf, projectorEnvFor, startProjector, withClient } from "../testing/projector-harness.js";
import { rebuiltRows } from "../testing/story-rebuild.js";

const f = eventFactory();

const quarantineOf = (databaseUrl: string) =>
  withClient(databaseUrl, async (client) =>
    (await client.query("select seq, reason_code, payload from readmodel.quarantine order by seq")).rows.map(
      (row) => [Number(row.seq), row.reason_code, Buffer.from(row.payload).toString("utf8")] as const,
    ),
  );

// The batch form of decision 029, verified on the projector's worker threads (a pull of 64 events or
// more is opened there; the rebuild's batches too): a batch's signature, once verified, must vouch
// for no message whose bytes or path it does not cover.
describe("events signed in a batch: forged and altered ones, live and in a rebuild", () => {
  const bed = testbed();

  it("quarantines an altered, a forged and a moved event of signed batches, live and in a rebuild, and projects the rest", async () => {
    const { nats, db, keys } = bed;
    // Given a batch of 120 events signed once by the ingress, as its append path signs them.
    const batch = Array.from({ length: 120 }, (_, i) => f.inbound(1000 + i, 60 + (i % 6), i));
    const signed = signBatch(batch, keys.signing.ingress);
    const other = signBatch([f.inbound(2000, 70, 200), f.inbound(2001, 70, 201)], keys.signing.ingress);
    let lastSeq = 0;
    const publish = async (event: CloudpaEvent, data: Uint8Array, signedHeaders: SignedMessage["headers"]) => {
      const hdrs = headers();
      for (const [name, value] of Object.entries(signedHeaders)) if (value) hdrs.set(name, value);
      const ack = await nats.js.publish(subjectOf(nats.names, event), data, { headers: hdrs, msgID: msgIdOf(event) });
      lastSeq = ack.seq;
      return ack;
    };
    const genuine: CloudpaEvent[] = [];
    const refused: { seq: number; data: string }[] = [];
    // When the stream holds the batch with, after ten genuine events (their root verified by then):
    for (let i = 0; i < 120; i++) {
      const event = batch[i] as CloudpaEvent;
      const message = signed[i] as SignedMessage;
      if (i === 10) {
        // an altered event: the eleventh's headers, its body changed;
        const altered = Buffer.from(JSON.stringify({ ...event, body: "altered" }));
        refused.push({ seq: (await publish(event, altered, message.headers)).seq, data: altered.toString() });
      } else if (i === 20) {
        // a forged event: one that was never in the batch, with the twenty-first's signature and path;
        const forgedEvent = f.inbound(3000, 71, 300);
        const forged = Buffer.from(JSON.stringify(forgedEvent));
        refused.push({ seq: (await publish(forgedEvent, forged, message.headers)).seq, data: forged.toString() });
        await publish(event, message.data, message.headers);
        genuine.push(event);
      } else if (i === 30) {
        // an event of another batch, genuine there, moved here: its bytes with the thirty-first's headers.
        const movedEvent = other[1] as SignedMessage;
        const moved = Buffer.from(movedEvent.data).toString();
        const seq = (await publish(f.inbound(2001, 70, 201), movedEvent.data, message.headers)).seq;
        refused.push({ seq, data: moved });
        await publish(event, message.data, message.headers);
        genuine.push(event);
      } else {
        await publish(event, message.data, message.headers);
        genuine.push(event);
      }
    }
    expect(signed[0]?.headers[HEADER_BATCH]).toMatch(/^0\/120 /);

    // Then the live projector (a pull of up to 500: the worker threads) quarantines those three.
    const projector = await startProjector(projectorEnvFor(nats, db.url, keys, { PROJECTOR_BATCH_SIZE: "500" }));
    await waitFor(async () => (await checkpointOf(db.url)) === lastSeq, { what: "the live projector past the batch" });
    await projector.close();
    const expected = refused.map((r) => [r.seq, "ENVELOPE.BAD_SIGNATURE", r.data] as const);
    expect(await quarantineOf(db.url)).toEqual(expected);
    const live = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(live).toEqual(allRowsOf(foldOf(genuine)));
    expect(live.messages.some((m) => m.body === "altered" || m.conversationId === f.conversationOf(71))).toBe(false);

    // And a rebuild from the stream (its bulk load on worker threads) refuses the same three.
    const env = projectorEnvFor(nats, db.url, keys);
    const rebuilt = await rebuiltRows(env, db.url, { clientName: "batch-forgery-rebuild", workers: 2 });
    expect((await quarantineOf(db.url)).map(([seq, code]) => [seq, code])).toEqual(
      expected.map(([seq, code]) => [seq, code]),
    );
    expect(rebuilt).toEqual(allRowsOf(foldOf(genuine)));
  }, 120_000);
});
