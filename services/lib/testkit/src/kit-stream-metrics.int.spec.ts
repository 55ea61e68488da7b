// The kit's stream gauges against a real JetStream: the namespace's streams answer, a missing one does not.
import { cloudpaNames } from "@cloudpa/contracts";
import { createMetricsRegistry, registerStreamMetrics } from "@cloudpa/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
