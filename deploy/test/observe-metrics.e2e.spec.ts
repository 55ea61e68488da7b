// The running product serves every metric the dashboard and the alert rules read: the four
// processes, built and started as `npm start` runs them (the faults suite's harness), each
// answering /metrics on its own port (the web on its metrics port), as Prometheus scrapes them in
// the observe profile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultScenario, startScenario } from "../../tests/faults/src/harness/fault-scenario.ts";
import type { ServiceName } from "../../tests/faults/src/harness/service-process.ts";
import { familiesOfAll, observeQueries, unexportedNames } from "./observe-queries.ts";

const services: ServiceName[] = ["ingress", "projector", "outbound", "web"];

describe("the processes' /metrics", () => {
  let scenario: FaultScenario;
  beforeAll(async () => {
    scenario = await startScenario({ services });
  }, 600_000);
  afterAll(() => scenario?.stop());

  it("declare every metric the dashboard and the alert rules read", async () => {
    const expositions = await Promise.all(
      services.map(async (name) => {
        const response = await fetch(`${scenario.service(name).metricsUrl}/metrics`);
        expect(response.status, name).toBe(200);
        expect(response.headers.get("content-type"), name).toContain("text/plain");
        return response.text();
      }),
    );
    expect(unexportedNames(observeQueries(), familiesOfAll(expositions))).toEqual({});
    // Each process reports the streams it can ask as available, under its own service label.
    for (const [index, name] of services.entries()) {
      expect(expositions[index], name).toContain(
        `cloudpa_stream_available{stream="${scenario.names.eventsStream}",service="${name}"} 1`,
      );
    }
  });
});
