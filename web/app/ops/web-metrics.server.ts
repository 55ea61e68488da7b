import type { CloudpaNames } from "@cloudpa/contracts";
import { createMetricsRegistry, Gauge, type Registry, registerStreamMetrics } from "@cloudpa/kit";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { LiveFeed } from "#app/live/live-feed.server.ts";

/**
 * The web's `/metrics`: process metrics (RSS, event-loop lag), the streams' quorum, and the live
 * update streams (`/live`) open now.
 */
export function createWebMetrics(
  live: Pick<LiveFeed, "openStreams">,
  jsm: JetStreamManager,
  names: CloudpaNames,
): Registry {
  const registry = createMetricsRegistry("web");
  registerStreamMetrics(registry, jsm, names);
  new Gauge({
    name: "web_live_connections",
    help: "Live update streams (/live server-sent events) open now.",
    registers: [registry],
    collect() {
      this.set(live.openStreams);
    },
  });
  return registry;
}
