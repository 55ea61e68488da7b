// livePull: a consumer waiting for new messages whose pull the server no longer holds (nats-server
// before 2.9.16 drops one that expires as a message arrives; a restarted cluster node loses its
// pulls) takes a new one within three heartbeats (3 s), not 30-45 s later.
// The proxy keeps the consumer's first pull from the server, so the loss happens every run.
import { LIVE_PULL_HEARTBEAT_MS, livePull } from "@cloudpa/kit";
import { AckPolicy, DeliverPolicy } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProxiedServiceNats, proxiedServiceNats } from "./proxied-service-nats.js";

describe("a live pull the server lost", () => {
  let connection: ProxiedServiceNats;
  beforeAll(async () => {
    connection = await proxiedServiceNats("live-pull-test");
  });
  afterAll(() => connection?.close());

  it("is replaced within three heartbeats, and the message that came meanwhile is delivered", async () => {
    const { nats, proxy, service } = connection;
    const stream = nats.names.eventsStream;
    await nats.jsm.consumers.add(stream, {
      durable_name: "live-pull",
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
    });
    const consumer = await service.js.consumers.get(stream, "live-pull");
    const dropped = proxy.dropNextPull();
    const messages = await consumer.consume(livePull(16));
    try {
      // The library sends its first pull once the messages are read.
      const first = (async () => {
        for await (const message of messages) {
          message.ack();
          return { at: Date.now(), text: message.string() };
        }
      })();
      expect(await dropped).toBe(`$JS.API.CONSUMER.MSG.NEXT.${stream}.live-pull`);
      // The server holds no pull of this consumer now; the client believes it waits on one.
      expect((await nats.jsm.consumers.info(stream, "live-pull")).num_waiting).toBe(0);

      const publishedAt = Date.now();
      await nats.js.publish(`${nats.names.namespace}.evt.live-pull`, "arrived while no pull was held");
      const delivered = await first;
      expect(delivered?.text).toBe("arrived while no pull was held");
      // Two missed heartbeats, counted on the library's one-heartbeat ticks (so two or three of
      // them), then the new pull's round trips; with the library's default heartbeat, 30-45 s.
      expect((delivered?.at ?? Number.POSITIVE_INFINITY) - publishedAt).toBeLessThan(
        3 * LIVE_PULL_HEARTBEAT_MS + 1_000,
      );
    } finally {
      await messages.close();
    }
  });
});
