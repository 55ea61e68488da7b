// Every metric the Grafana dashboard and the Prometheus alert rules read is exported by a
// service: the names are taken from their PromQL, the families from each service's real
// registry, built as the service builds it (its metrics class on the kit's registry, which
// also registers the process and stream metrics) and rendered as /metrics renders it.
import { cloudpaNames } from "@cloudpa/contracts";
import { createMetricsRegistry } from "@cloudpa/kit";
import type { JetStreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { IngressMetrics } from "../../services/ingress/src/ops/ingress-metrics.ts";
import { OutboundMetrics } from "../../services/outbound/src/ops/outbound-metrics.ts";
import { ProjectorMetrics } from "../../services/projector/src/ops/projector-metrics.ts";
import { createWebMetrics } from "../../web/app/ops/web-metrics.server.ts";
import { familiesOfAll, observeQueries, unexportedNames } from "./observe-queries.ts";
import { familiesOf, isExported, metricNamesOf } from "./promql-names.ts";

// Stream info is asked at scrape time; with no NATS here the stream gauges read 0, and are there.
const noNats = {
  streams: {
    info: async () => {
      throw new Error("no NATS in this test");
    },
  },
} as unknown as JetStreamManager;
const names = cloudpaNames("cloudpa", { partitions: 16 });

/** Each service's /metrics text, from its registry as the service builds it. */
async function servicesExposition(): Promise<Record<string, string>> {
  const ingress = createMetricsRegistry("ingress");
  new IngressMetrics(ingress, noNats, names);
  const projector = createMetricsRegistry("projector");
  new ProjectorMetrics(projector, async () => undefined, { jsm: noNats, names });
  const outbound = createMetricsRegistry("outbound");
  new OutboundMetrics(outbound, noNats, names);
  const web = createWebMetrics({ openStreams: 0 }, noNats, names);
  const registries = { ingress, projector, outbound, web };
  return Object.fromEntries(
    await Promise.all(
      Object.entries(registries).map(async ([service, registry]) => [service, await registry.metrics()]),
    ),
  );
}

describe("metric names in PromQL", () => {
  it("takes the series a query selects, not its functions, label names, keywords, numbers or windows", () => {
    expect(
      metricNamesOf(
        'histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{outcome="stored", x=~"b|c"}[$__rate_interval])))',
      ),
    ).toEqual(["a_seconds_bucket"]);
    expect(
      metricNamesOf(
        "max by (stream) (s_available) == 0 or max by (stream) (s_current) < on (stream) (floor(max by (stream) (s_configured) / 2) + 1)",
      ),
    ).toEqual(["s_available", "s_current", "s_configured"]);
    expect(metricNamesOf("sum without (instance) (x_total unless x_total offset 15m) * 60 > 1e3")).toEqual(["x_total"]);
    expect(metricNamesOf('sum(rate(y_total[5m])) by (reason) / ignoring(reason) group_left z{a="sum(q)"}')).toEqual([
      "y_total",
      "z",
    ]);
  });

  it("counts a histogram's _bucket, _sum and _count as its own, and nothing else", () => {
    const families = familiesOf("# HELP h x\n# TYPE h histogram\n# HELP s x\n# TYPE s summary\n# TYPE c counter\n");
    for (const name of ["h", "h_bucket", "h_sum", "h_count", "s_sum", "s_count", "c"]) {
      expect(isExported(name, families), name).toBe(true);
    }
    for (const name of ["s_bucket", "c_bucket", "c_total", "h_total", "missing"]) {
      expect(isExported(name, families), name).toBe(false);
    }
  });
});

describe("the dashboard and the alert rules", () => {
  it("read only metrics the services export", async () => {
    const families = familiesOfAll(Object.values(await servicesExposition()));
    const queries = observeQueries();
    expect(queries.length).toBeGreaterThan(15);
    expect(unexportedNames(queries, families)).toEqual({});
  });

  it("would name a metric nobody exports, with the query that reads it", async () => {
    const families = familiesOfAll(Object.values(await servicesExposition()));
    const typo = [{ where: 'panel "Lag"', expr: "max by (partition) (projector_lag_event)" }];
    expect(unexportedNames(typo, families)).toEqual({ projector_lag_event: ['panel "Lag"'] });
  });

  it("cover what the operator asked for: webhooks, appends, lag, quarantine, outbound, live, quorum, memory, event loop", () => {
    const read = new Set(observeQueries().flatMap(({ expr }) => metricNamesOf(expr)));
    for (const name of [
      "ingress_webhook_requests_total",
      "ingress_publish_duration_seconds_bucket",
      "projector_lag_events",
      "projector_events_quarantined_total",
      "outbound_commands_quarantined_total",
      "outbound_sends_total",
      "outbound_send_retries_total",
      "outbound_send_failures_total",
      "ingress_delivery_failures_total",
      "web_live_connections",
      "cloudpa_stream_available",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(read, name).toContain(name);
    }
  });
});
