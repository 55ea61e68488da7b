import { collectDefaultMetrics, Registry } from "prom-client";

/** A registry per service, with process metrics (RSS, event-loop lag) and the service label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
