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

/**
 * How long a scrape waits for NATS to answer one of its gauges. nats.js waits 5 s for a request
 * and Prometheus gives up on a whole scrape after 10 s by default; a NATS server that is frozen
 * or cut off answers nothing, and the projector's scrape, asking each held partition's consumer
 * in turn, took 80 s: every other metric was lost exactly when NATS was the trouble.
 */
export const SCRAPE_NATS_BUDGET_MS = 2_000;

/**
 * What `asking` (a request to NATS) gives if it answers within the scrape's budget; undefined if
 * it fails or is later. A late request is not cancelled: it ends at its own timeout, unheard.
 */
export async function answeredWithinScrape<T>(asking: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, SCRAPE_NATS_BUDGET_MS, undefined);
  });
  try {
    return await Promise.race([asking.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
