import { collectDefaultMetrics, Registry } from "prom-client";

/** For the web, which builds its gauges on the kit's prom-client rather than a copy of its own. */
export { Gauge } from "prom-client";
export type { Registry };

/** A registry per service, with process metrics (RSS, event-loop lag) and the service label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
