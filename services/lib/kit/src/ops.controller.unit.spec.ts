import { ServiceUnavailableException } from "@nestjs/common";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { OpsController, type ReadinessCheck } from "./ops.controller.js";
import { PROBE_BUDGET_MS } from "./probe-budget.js";

async function readyzOf(checks: ReadinessCheck[]) {
  try {
    return { status: 200, body: await new OpsController(checks, new Registry()).readyz() };
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    return { status: error.getStatus(), body: error.getResponse() };
  }
}

describe("/readyz", () => {
  it("is ready when every check answers true", async () => {
    expect(
      await readyzOf([
        { name: "nats", check: async () => true },
        { name: "postgres", check: () => true },
      ]),
    ).toEqual({ status: 200, body: { status: "ready", checks: { nats: true, postgres: true } } });
  });

  it("says which check failed, threw at once, or has not answered within the probe budget", async () => {
    const started = performance.now();
    const answer = await readyzOf([
      { name: "nats", check: () => new Promise<boolean>(() => undefined) }, // a frozen server never answers
      { name: "postgres", check: async () => true },
      { name: "consumer", check: () => false },
      {
        name: "partitions",
        check: () => {
          throw new Error("not yet");
        },
      },
    ]);
    expect(answer).toEqual({
      status: 503,
      body: { status: "not ready", checks: { nats: false, postgres: true, consumer: false, partitions: false } },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(PROBE_BUDGET_MS - 50);
  });
});
