import { eventFactory } from "@cloudpa/read-model/testing";
import { type TestKeys, type TestNats, testKeys, testNats } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents } from "../testing/projector-harness.js";
import { readStream } from "./read-stream.js";

/** Erased sequences (docs/decisions/010) are gaps the readers of the stream step over. */
describe("readStream over erased sequences", () => {
  let nats: TestNats;
  let keys: TestKeys;
  const f = eventFactory();

  beforeAll(async () => {
    nats = await testNats();
    keys = testKeys();
  });
  afterAll(async () => {
    await nats?.cleanup();
  });

  const seqsRead = async (fromSeq: number, toSeq: number) => {
    const seqs: number[] = [];
    await readStream(nats.js, nats.names.eventsStream, { fromSeq, toSeq }, 2, (batch) => {
      seqs.push(...batch.map((event) => event.seq));
    });
    return seqs;
  };

  it("reads what is stored and ends at the range's end even when that sequence was erased", async () => {
    await appendEvents(
      nats,
      keys,
      [1, 2, 3, 4, 5, 6].map((n) => f.inbound(n, n, n)),
    );
    for (const seq of [2, 3, 6]) await nats.jsm.streams.deleteMessage(nats.names.eventsStream, seq, true);
    expect(await seqsRead(1, 6)).toEqual([1, 4, 5]);
    expect(await seqsRead(2, 3)).toEqual([]);
    expect(await seqsRead(6, 6)).toEqual([]);
    expect(await seqsRead(4, 5)).toEqual([4, 5]);
  });
});
