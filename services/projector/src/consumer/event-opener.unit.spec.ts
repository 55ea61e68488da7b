import { signMessage } from "@cloudpa/contracts";
import { testKeys } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { signingKeyOf, trafficOf } from "../testing/projector-harness.js";
import { EVENTS_PER_TURN, openStreamEvents, openStreamEventsInTurns } from "./event-opener.js";
import type { StreamEvent } from "./stream-event.js";

// Opening a batch on the calling thread (2 cores: no envelope workers) gives the event loop a turn
// between slices, so a process's timers and sockets run while its consumers verify signatures.
describe("opening stream events in turns of the event loop", () => {
  const keys = testKeys();
  const batch: StreamEvent[] = trafficOf(5 * EVENTS_PER_TURN + 7).map((event, index) => {
    const signed = signMessage(event, signingKeyOf(keys, event));
    return {
      seq: index + 1,
      subject: `events.${index}`,
      data: signed.data,
      header: (name) => signed.headers[name as keyof typeof signed.headers] ?? "",
      storedAt: new Date(0),
    };
  });
  // One altered event among them: refused where it is, the others opened.
  const altered = batch[100] as StreamEvent;
  batch[100] = { ...altered, data: Buffer.from(Buffer.from(altered.data).toString("utf8").replace("}", " }")) };

  it("opens what openStreamEvents opens, in the batch's order, the altered event refused", async () => {
    const inTurns = await openStreamEventsInTurns(batch, keys.keyring);
    expect(inTurns).toEqual(openStreamEvents(batch, keys.keyring));
    expect(inTurns.map((opened) => opened.source.seq)).toEqual(batch.map((source) => source.seq));
    expect(inTurns[100]).toMatchObject({ refused: { code: "ENVELOPE.BAD_SIGNATURE" } });
    expect(inTurns.filter((opened) => "refused" in opened)).toHaveLength(1);
  });

  it("lets a timer due meanwhile run before the batch is open", async () => {
    const order: string[] = [];
    setTimeout(() => order.push("timer"), 0);
    await openStreamEventsInTurns(batch, keys.keyring).then(() => order.push("opened"));
    expect(order).toEqual(["timer", "opened"]);
  });
});
