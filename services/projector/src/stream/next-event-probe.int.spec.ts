import { type TestNats, testNats } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextEventProbe } from "./next-event-probe.js";

/** The idle check's question to the stream reads each stored message at most once per filter. */
describe("NextEventProbe", () => {
  let nats: TestNats;
  let ns: string;

  beforeAll(async () => {
    nats = await testNats();
    ns = nats.names.namespace;
  });
  afterAll(async () => {
    await nats?.cleanup();
  });

  const store = async (partition: number, count: number) => {
    for (let i = 0; i < count; i++) await nats.js.publish(`${ns}.evt.p${partition}.org.conv.received`, "{}");
  };

  it("starts past what it found empty, asks nothing when nothing was stored, and finds what arrives", async () => {
    const getMessage = vi.spyOn(nats.jsm.streams, "getMessage");
    const asked = () => getMessage.mock.calls.splice(0).map(([, query]) => (query as { seq: number }).seq);
    const probe = new NextEventProbe(nats.jsm, nats.names.eventsStream, `${ns}.evt.p1.>`);
    await store(0, 50);

    // Given a partition with nothing stored, when asked twice with 10 other events in between,
    // then the second question reads only those 10.
    expect(await probe.nextAfter(0)).toBeNull();
    expect(asked()).toEqual([1]);
    await store(0, 10);
    expect(await probe.nextAfter(0)).toBeNull();
    expect(asked()).toEqual([51]);

    // When nothing was stored since, then the stream is not searched at all.
    expect(await probe.nextAfter(0)).toBeNull();
    expect(asked()).toEqual([]);

    // When an event of the partition arrives among others, then it is found, and found again while
    // it is the next one (what the idle check compares), each time from where it was.
    await store(0, 3);
    await store(1, 1);
    await store(0, 3);
    expect(await probe.nextAfter(0)).toBe(64);
    expect(asked()).toEqual([61]);
    expect(await probe.nextAfter(0)).toBe(64);
    expect(asked()).toEqual([64]);

    // When it was received, then what follows is asked from after it.
    expect(await probe.nextAfter(64)).toBeNull();
    expect(asked()).toEqual([65]);

    // When the consumer is bound again at an earlier checkpoint, then the probe asks from there:
    // what it knew empty started later.
    expect(await probe.nextAfter(0)).toBe(64);
    expect(asked()).toEqual([1]);
    getMessage.mockRestore();
  });
});
