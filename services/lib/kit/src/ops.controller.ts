import { Controller, Get, Header, Inject, ServiceUnavailableException } from "@nestjs/common";
import { Registry } from "prom-client";
import { answeredWithinProbe } from "./probe-budget.js";

/** What `/readyz` asks: each check answers whether its dependency can serve now (within PROBE_BUDGET_MS). */
export interface ReadinessCheck {
  name: string;
  check(): boolean | Promise<boolean>;
}

export const READINESS_CHECKS = Symbol("READINESS_CHECKS");

/** `/healthz` (process up), `/readyz` (dependencies ready), `/metrics` (Prometheus). Every Nest service mounts it. */
@Controller()
export class OpsController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(Registry) private readonly registry: Registry,
  ) {}

  @Get("healthz")
  healthz() {
    return { status: "ok" };
  }

  @Get("readyz")
  async readyz() {
    // A check that fails, or has not answered within the probe budget, says not ready.
    const results = await Promise.all(
      this.checks.map(
        async ({ name, check }) => [name, (await answeredWithinProbe(Promise.resolve().then(check))) === true] as const,
      ),
    );
    const body = { status: results.every(([, ok]) => ok) ? "ready" : "not ready", checks: Object.fromEntries(results) };
    if (body.status !== "ready") throw new ServiceUnavailableException(body);
    return body;
  }

  @Get("metrics")
  @Header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
  metrics() {
    return this.registry.metrics();
  }
}
