import { createLogger } from "@cloudpa/kit";
import { testbed } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { LiveFeed } from "#app/live/live-feed.server.ts";
import { liveEventStream } from "#app/live/live-stream.server.ts";
import { followEventStream } from "#test/support/event-stream.ts";
import { createWebMetrics } from "./web-metrics.server.ts";

const bed = testbed({ database: false });
const logger = createLogger("web-test", "silent");

const gauge = (text: string, name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "m").exec(text)?.[1]);

describe("web metrics", () => {
  it("counts the live streams open now, and reports process and stream metrics", async () => {
    const { nats } = bed;
    const feed = new LiveFeed(nats.nc, async () => 7, logger);
    const registry = createWebMetrics(feed, nats.jsm, nats.names);
    expect(gauge(await registry.metrics(), "web_live_connections")).toBe(0);

    const abort = new AbortController();
    const open = () =>
      liveEventStream({
        feed,
        orgId: "org",
        subject: nats.names.liveSubject("org"),
        signal: abort.signal,
        stillSignedIn: async () => true,
        logger,
      });
    const streams = [followEventStream(open()), followEventStream(open())];
    await Promise.all(streams.map((stream) => stream.until("event: position")));
    const during = await registry.metrics();
    expect(gauge(during, "web_live_connections")).toBe(2);
    expect(during).toMatch(/^process_resident_memory_bytes\{service="web"\} \d+/m);
    expect(during).toContain("nodejs_eventloop_lag_seconds");
    expect(during).toContain(`cloudpa_stream_available{stream="${nats.names.eventsStream}",service="web"} 1`);

    abort.abort();
    await Promise.all(streams.map((stream) => stream.reading));
    expect(gauge(await registry.metrics(), "web_live_connections")).toBe(0);
  });
});
