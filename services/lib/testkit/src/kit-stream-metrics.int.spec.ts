// The kit's stream gauges against a real JetStream: the namespace's streams answer, a missing one
// does not, and a server that stops answering reads 0 within the probe budget.
import { cloudpaNames } from "@cloudpa/contracts";
import { createMetricsRegistry, PROBE_BUDGET_MS, registerStreamMetrics } from "@cloudpa/kit";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointOf, tcpProxy, viaProxy } from "./tcp-proxy.js";
import { type TestNats, testNats } from "./test-nats.js";
import { uniqueName } from "./unique-name.js";

describe("stream quorum metrics", () => {
  let nats: TestNats;
  beforeAll(async () => {
    nats = await testNats();
  });
  afterAll(async () => {
    await nats?.cleanup();
  });

  it("reports each stream available with its current replicas, read at scrape time", async () => {
    const registry = createMetricsRegistry("test");
    registerStreamMetrics(registry, nats.jsm, nats.names);
    const text = await registry.metrics();
    for (const stream of [nats.names.eventsStream, nats.names.commandsStream, `KV_${nats.names.channelsBucket}`]) {
      expect(text).toContain(`cloudpa_stream_available{stream="${stream}",service="test"} 1`);
      expect(text).toContain(`cloudpa_stream_replicas_current{stream="${stream}",service="test"} 1`);
      expect(text).toContain(`cloudpa_stream_replicas_configured{stream="${stream}",service="test"} 1`);
    }
  });

  it("reports 0 for a stream JetStream does not have", async () => {
    const registry = createMetricsRegistry("test");
    const missing = cloudpaNames(uniqueName());
    registerStreamMetrics(registry, nats.jsm, missing);
    const text = await registry.metrics();
    expect(text).toContain(`cloudpa_stream_available{stream="${missing.eventsStream}",service="test"} 0`);
    expect(text).toContain(`cloudpa_stream_replicas_current{stream="${missing.eventsStream}",service="test"} 0`);
  });

  it("reads 0 within the probe budget when NATS stops answering, right after a scrape that found the streams", async () => {
    const proxy = await tcpProxy(endpointOf(nats.url, 4222));
    const nc = await connect({ servers: viaProxy(nats.url, proxy), name: "stream-metrics-unanswered" });
    try {
      // Requests that would wait a minute for their answer: a scrape must not wait with them.
      const jsm = await jetstreamManager(nc, { timeout: 60_000 });
      const registry = createMetricsRegistry("test");
      registerStreamMetrics(registry, jsm, nats.names);
      const streams = [nats.names.eventsStream, nats.names.commandsStream, `KV_${nats.names.channelsBucket}`];
      const healthy = await registry.metrics();
      for (const stream of streams)
        expect(healthy).toContain(`cloudpa_stream_available{stream="${stream}",service="test"} 1`);

      proxy.delay(120_000); // the connection stays open and nothing comes back: a frozen server
      const started = performance.now();
      const frozen = await registry.metrics();
      const waitedMs = performance.now() - started;
      for (const stream of streams) {
        expect(frozen).toContain(`cloudpa_stream_available{stream="${stream}",service="test"} 0`);
        expect(frozen).toContain(`cloudpa_stream_replicas_current{stream="${stream}",service="test"} 0`);
      }
      // The budget, not the requests' minute (nor Prometheus's default 10 s scrape timeout).
      expect(waitedMs).toBeGreaterThanOrEqual(PROBE_BUDGET_MS - 50);
      expect(waitedMs).toBeLessThan(10_000);
    } finally {
      proxy.cut();
      await nc.close().catch(() => undefined);
      await proxy.close();
    }
  });
});
