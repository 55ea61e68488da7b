import { context, propagation, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { startTracing } from "./start-tracing.js";

describe("startTracing", () => {
  it("starts nothing without an OTLP endpoint: spans stay non-recording and no trace context is propagated", async () => {
    expect(await startTracing("ingress", { LOG_LEVEL: "info" })).toBeUndefined();
    const span = trace.getTracer("cloudpa").startSpan("append InboundMessageReceived");
    expect(span.isRecording()).toBe(false);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    expect(carrier).toEqual({});
  });

  it("stays off when OTEL_SDK_DISABLED is true, whatever the endpoint", async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" };
    expect(await startTracing("ingress", env)).toBeUndefined();
  });

  it("refuses an endpoint that is not an http(s) URL at start-up, naming it", async () => {
    await expect(startTracing("ingress", { OTEL_EXPORTER_OTLP_ENDPOINT: "otel-collector:4318" })).rejects.toThrow(
      "OTEL endpoint otel-collector:4318 is not an http(s) URL",
    );
  });
});
