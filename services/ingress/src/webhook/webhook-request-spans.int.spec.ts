import { startTracing, type Tracing } from "@cloudpa/kit";
import { type TestNats, testNats } from "@cloudpa/testkit";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Ingress } from "../test/ingress-harness.js";

/**
 * With the instrumentations on, as in a deployed service: tracing starts first and the app's
 * modules are imported after it, as each main.ts does.
 */
describe("webhook request spans", () => {
  let nats: TestNats;
  let ingress: Ingress;
  let harness: typeof import("../test/ingress-harness.js");
  let tracing: Tracing | undefined;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    tracing = await startTracing("ingress-test", {}, { spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    harness = await import("../test/ingress-harness.js");
    nats = await testNats();
    ingress = await harness.startIngress(nats);
  });
  afterAll(async () => {
    await ingress?.close();
    await nats?.cleanup();
    await tracing?.shutdown();
  });
  beforeEach(() => exporter.reset());

  it("nests Fastify's request span between the HTTP server span and the webhook span, in one trace", async () => {
    const response = await harness.postWebhook(ingress, harness.inboundParams());
    expect(response.status).toBe(200);

    const spans = exporter.getFinishedSpans();
    const byScope = (scope: string) => spans.filter((span) => span.instrumentationScope.name === scope);
    const named = (name: string) => spans.find((span) => span.name === name);
    const parentIdOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

    const [server] = byScope("@opentelemetry/instrumentation-http");
    const fastifyRequest = byScope("@fastify/otel").find((span) => span.name === "request");
    const handler = named("handler - receiveInbound");
    const webhook = named("webhook inbound");
    expect(server?.kind).toBe(SpanKind.SERVER);
    expect(parentIdOf(server)).toBeUndefined();
    expect(parentIdOf(fastifyRequest)).toBe(server?.spanContext().spanId);
    expect(handler?.instrumentationScope.name).toBe("@fastify/otel");
    expect(parentIdOf(handler)).toBe(fastifyRequest?.spanContext().spanId);
    expect(parentIdOf(webhook)).toBe(handler?.spanContext().spanId);
    const traceIds = new Set(spans.map((span) => span.spanContext().traceId));
    expect(traceIds).toEqual(new Set([server?.spanContext().traceId]));
  });

  it("leaves probes untraced: no HTTP server span and no Fastify spans beneath it", async () => {
    const response = await fetch(`${ingress.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
